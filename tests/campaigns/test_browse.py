"""Citizens can browse: listings linked from the home page and the navigation, filters, pages."""

import datetime

import pytest

from campaigns.models import Audience, CampaignKind, Sector

from .builders import make_campaign, make_site


@pytest.fixture
def tree(db):
    return make_site()


def test_navigation_and_home_link_every_listing(client, tree):
    html = client.get("/").content.decode()
    for key in ("campaigns", "articles", "cases", "events"):
        assert f'href="{tree[key].url}"' in html, key
    nav = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{tree["campaigns"].url}" aria-current="true">宣传教育</a>' in nav
    sub_nav = html.split('class="sub-nav"', 1)[1].split("</nav>", 1)[0]
    assert sub_nav.count("<li>") == 6  # 首页, four listings, 站内搜索


def test_sub_navigation_marks_the_current_listing(client, tree):
    html = client.get(tree["articles"].url).content.decode()
    sub_nav = html.split('class="sub-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'<a href="{tree["articles"].url}" aria-current="true">科普文章</a>' in sub_nav
    assert f'<a href="{tree["cases"].url}">事故案例</a>' in sub_nav


def _campaigns(tree):
    K = CampaignKind
    rows = [(K.SAFETY_MONTH, 2024), (K.SAFETY_MONTH, 2025), (K.FIRE_SAFETY_DAY, 2025)]
    rows += [(K.DISASTER_PREVENTION_DAY, 2020 + n % 5) for n in range(10)]
    made = []
    for number, (kind, year) in enumerate(rows):
        made.append(
            make_campaign(
                tree["campaigns"],
                title=f"活动{number:02d}",
                kind=kind,
                start=datetime.date(year, 5, 1 + number),
                end=datetime.date(year, 5, 20 + number % 5),
            )
        )
    return made


def test_campaign_listing_filters_by_kind_year_audience_and_sector(client, tree):
    made = _campaigns(tree)
    url = tree["campaigns"].url
    month = client.get(url, {"kind": "safety_month"}).content.decode()
    assert "共 2 个宣传专题" in month and "活动00" in month and "活动02" not in month
    assert "共 1 个宣传专题" in client.get(url, {"kind": "safety_month", "year": 2025}).content.decode()
    other = Audience.objects.exclude(pk__in=[a.pk for a in made[0].audiences.all()]).first()
    made[3].audiences.add(other)
    made[3].save_revision().publish()
    by_audience = client.get(url, {"audience": other.code}).content.decode()
    assert "共 1 个宣传专题" in by_audience and "活动03" in by_audience
    sector = Sector.objects.exclude(pk__in=[s.pk for s in made[0].sectors.all()]).first()
    assert "没有符合条件的宣传专题" in client.get(url, {"sector": sector.code}).content.decode()
    bad = client.get(url, {"year": "abc"})
    assert bad.status_code == 200 and "共 13 个宣传专题" in bad.content.decode()


def test_campaign_listing_is_paginated_within_budget(client, tree, django_assert_max_num_queries):
    _campaigns(tree)
    url = tree["campaigns"].url
    client.get(url, {"warm": 1})
    with django_assert_max_num_queries(15):
        first = client.get(url, {"kind": "", "page": 1}).content.decode()
    assert "第 1 页，共 2 页" in first and first.count('class="card page-card"') == 10
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('class="card page-card"') == 3 and "第 2 页，共 2 页" in second


def test_campaign_archive_per_key_date(client, tree):
    _campaigns(tree)
    index = tree["campaigns"]
    html = client.get(index.url).content.decode()
    assert f'href="{index.url}archive/safety_month/"' in html
    archive = client.get(f"{index.url}archive/safety_month/").content.decode()
    assert "安全生产月历年活动" in archive and f'href="{index.url}archive/safety_month/2024/"' in archive


def test_new_pages_with_chinese_titles_get_short_ascii_slugs(tree):
    from campaigns.models import ArticlePage, CampaignPage

    first = ArticlePage(title="夏季防溺水", date=datetime.date(2026, 7, 1), body=[])
    tree["articles"].add_child(instance=first)
    second = ArticlePage(title="夏季防溺水", slug="夏季防溺水", date=datetime.date(2026, 7, 2), body=[])
    tree["articles"].add_child(instance=second)
    assert (first.slug, second.slug) == ("article-2026-1", "article-2026-2")
    campaign = CampaignPage(
        title="安全生产月",
        kind=CampaignKind.SAFETY_MONTH,
        year=2026,
        start_date=datetime.date(2026, 6, 1),
        end_date=datetime.date(2026, 6, 30),
    )
    tree["campaigns"].add_child(instance=campaign)
    assert campaign.slug == "safety-month-2026-1" and campaign.url.endswith("/safety-month-2026-1/")
    kept = ArticlePage(title="自定义", slug="my-slug", date=datetime.date(2026, 7, 3), body=[])
    tree["articles"].add_child(instance=kept)
    assert kept.slug == "my-slug"


def test_english_pages_show_english_taxonomy_names(client, tree):
    from django.conf import settings

    from .builders import make_article, make_case

    case = make_case(tree["cases"], title="某仓库火灾", sector=Sector.objects.get(code="small_venues"))
    article = make_article(tree["articles"], title="防火", sectors=[Sector.objects.get(code="fire")])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = client.get(tree["cases"].url).content.decode()
    main = listing.split("<main", 1)[1].split("</main>")[0]
    assert "Nine kinds of small venues" in main and "九小场所" not in main
    assert "Fire safety" in client.get(article.url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "九小场所" in client.get(case.url).content.decode()
