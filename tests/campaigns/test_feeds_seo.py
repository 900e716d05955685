import datetime

import pytest
from wagtail.models import PageViewRestriction

from campaigns.models import Sector

from .builders import make_article, make_case, make_site


@pytest.fixture
def tree(db):
    return make_site()


def test_article_and_case_feeds_list_newest_first(client, tree):
    make_article(tree["articles"], title="较早的文章", date=datetime.date(2024, 1, 1))
    make_article(tree["articles"], title="最新的文章", date=datetime.date(2025, 1, 1))
    draft = make_article(tree["articles"], title="已撤下的文章")
    draft.unpublish()
    rss = client.get("/feeds/articles.xml")
    body = rss.content.decode()
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert body.index("最新的文章") < body.index("较早的文章") and "已撤下的文章" not in body
    make_case(tree["cases"], title="仓库火灾事故", sector=Sector.objects.get(code="fire"))
    atom = client.get("/feeds/cases.atom").content.decode()
    assert "仓库火灾事故" in atom and "http://www.w3.org/2005/Atom" in atom


def test_sitemap_lists_only_live_public_pages(client, tree):
    public = make_article(tree["articles"], title="公开文章")
    hidden = make_article(tree["articles"], title="仅限登录")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    gone = make_article(tree["articles"], title="撤下")
    gone.unpublish()
    xml = client.get("/sitemap.xml").content.decode()
    assert public.slug in xml and hidden.slug not in xml and gone.slug not in xml
    assert "/tipoffs/" not in xml


def test_restricted_page_is_not_cached(client, tree):
    hidden = make_article(tree["articles"], title="仅限登录")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.PASSWORD, password="x")
    client.get(hidden.url)
    assert "X-Page-Cache" not in client.get(hidden.url)


def test_robots_txt_points_to_sitemap_and_hides_private_areas(client, tree):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text and "Disallow: /tipoffs/" in text


def test_pages_have_canonical_description_and_open_graph(client, tree):
    article = make_article(tree["articles"], title="电动自行车安全")
    html = client.get(article.url).content.decode()
    assert f'<link rel="canonical" href="{article.full_url}">' in html
    assert '<meta property="og:title" content="电动自行车安全">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta name="description" content="导语">' in html


def test_footer_uses_site_settings_with_defaults(client, tree):
    html = client.get("/").content.decode()
    assert 'href="tel:12350"' in html and "云梦县应急管理局" in html


def test_restricting_a_cached_page_stops_serving_it_from_the_cache(client, tree):
    article = make_article(tree["articles"], title="内部通报", text="仅供内部学习的内容。")
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get(article.url)
    assert "X-Page-Cache" not in response and "仅供内部学习的内容" not in response.content.decode()
    restriction.delete()
    assert "仅供内部学习的内容" in client.get(article.url).content.decode()
