import pytest
from django.conf import settings as django_settings

from campaigns.models import SiteSettings

from .builders import make_article, make_site


@pytest.fixture
def tree(db):
    return make_site()


def test_second_anonymous_view_is_served_from_cache_without_queries(client, tree, django_assert_num_queries):
    first = client.get("/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_or_unpublishing_invalidates(client, tree):
    client.get(tree["articles"].url)
    article = make_article(tree["articles"], title="新发布的科普文章")
    response = client.get(tree["articles"].url)
    assert response["X-Page-Cache"] == "miss" and "新发布的科普文章" in response.content.decode()
    client.get(tree["articles"].url)
    article.unpublish()
    response = client.get(tree["articles"].url)
    assert "新发布的科普文章" not in response.content.decode()


def test_footer_settings_change_invalidates(client, tree):
    from wagtail.models import Site

    client.get("/")
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(site=site, defaults={"address": "云梦县梦泽大道 1 号"})
    assert "云梦县梦泽大道 1 号" in client.get("/").content.decode()


def test_keys_on_language_and_large_text(client, tree):
    client.get("/")
    client.cookies["large_text"] = "1"
    large = client.get("/")
    assert large["X-Page-Cache"] == "miss" and 'class="large-text"' in large.content.decode()
    del client.cookies["large_text"]
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/")
    assert english["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("path", ["/search/?q=火灾&utm_source=x", "/search/?q=火&q=灾", "/?utm_source=x"])
def test_query_strings_are_never_cached(client, tree, path):
    client.get(path)
    assert "X-Page-Cache" not in client.get(path)


def test_visitors_with_a_session_get_the_cached_body_with_their_own_header(client, tree, django_user_model):
    client.get("/")
    user = django_user_model.objects.create_user(username="reader", email="r@example.com", password="pw-123456!")
    client.force_login(user)
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit-personal"
    assert "退出" in response.content.decode() and 'href="/accounts/login/"' not in response.content.decode()


def test_search_results_are_cached_per_query_and_page(client, tree, django_assert_num_queries):
    from .builders import make_article

    make_article(tree["articles"], title="灭火器的使用", text="提、拔、握、压。")
    first = client.get("/search/", {"q": "灭火器"})
    assert first["X-Page-Cache"] == "miss" and "灭火器</mark>的使用" in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get("/search/", {"q": "灭火器"})
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    assert client.get("/search/", {"q": "灭火器", "page": "2"})["X-Page-Cache"] == "miss"
    assert client.get("/search/", {"q": "火灾"})["X-Page-Cache"] == "miss"
    make_article(tree["articles"], title="灭火器的检查", text="看压力表。")
    fresh = client.get("/search/", {"q": "灭火器"})
    assert fresh["X-Page-Cache"] == "miss" and "灭火器</mark>的检查" in fresh.content.decode()


def test_tipoff_and_other_app_paths_are_never_cached(client, tree):
    for path in ("/tipoffs/", "/exams/", "/accounts/login/"):
        client.get(path)
        assert "X-Page-Cache" not in client.get(path), path


def test_cached_public_pages_carry_no_csrf_token(client, tree):
    html = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in html


def test_foreign_host_gets_a_400_page_with_the_default_footer(client, tree, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert 'href="tel:12350"' in response.content.decode()  # the footer's default hotline


def test_a_waiting_flash_message_bypasses_the_page_cache(client, tree, django_assert_num_queries):
    client.get("/")  # warm the cache
    with django_assert_num_queries(0):
        assert client.get("/")["X-Page-Cache"] == "hit"
    client.cookies["messages"] = "pending"
    response = client.get("/")
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"


def test_renaming_a_sector_invalidates(client, tree):
    from campaigns.models import Sector

    url = tree["articles"].url
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    sector = Sector.objects.get(code="fire")
    sector.name = "消防安全（新）"
    sector.save()
    assert "消防安全（新）" in client.get(url).content.decode()
