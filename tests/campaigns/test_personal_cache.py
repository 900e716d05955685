"""Signed-in visitors get the shared page body from the cache; only their header is their own."""

import datetime
import pickle

import pytest
from django.contrib.messages import constants
from django.core.cache import cache

from .builders import make_article, make_campaign, make_site


@pytest.fixture
def tree(db):
    return make_site()


@pytest.fixture
def people(db, django_user_model):
    def person(username, real_name):
        return django_user_model.objects.create_user(
            username=username, email=f"{username}@example.com", password="pw-123456!", real_name=real_name
        )

    return person("alice", "甲乙丙"), person("bob", "丁戊己")


def _cache_values() -> list[bytes]:
    # Locmem keeps pickled values: what would sit in Redis.
    return [value if isinstance(value, bytes) else pickle.dumps(value) for value in cache._cache.values()]


def test_two_users_share_the_body_but_never_each_others_header(client, tree, people):
    alice, bob = people
    article = make_article(tree["articles"], title="夏季防溺水提示", text="不去野外水域游泳。")
    client.force_login(alice)
    first = client.get(article.url)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss-personal"
    assert "甲乙丙" in first.content.decode() and "不去野外水域游泳" in first.content.decode()
    assert first["Cache-Control"] == "private"

    client.force_login(bob)
    second = client.get(article.url)
    body = second.content.decode()
    assert second["X-Page-Cache"] == "hit-personal"
    assert "丁戊己" in body and "甲乙丙" not in body and "不去野外水域游泳" in body
    assert 'name="csrfmiddlewaretoken"' in body  # bob's own logout form

    for value in _cache_values():
        for secret in ("甲乙丙".encode(), "丁戊己".encode(), b"alice", b"bob", b"csrfmiddlewaretoken"):
            assert secret not in value and pickle.dumps(secret.decode()) not in value


def test_anonymous_and_signed_in_share_one_entry(client, tree, people):
    client.get(tree["articles"].url)  # anonymous miss stores
    client.force_login(people[0])
    response = client.get(tree["articles"].url)
    assert response["X-Page-Cache"] == "hit-personal"
    assert "甲乙丙" in response.content.decode() and "登录</a>" not in response.content.decode()


def test_logout_form_of_a_cached_page_still_works(client, tree, people):
    client.force_login(people[0])
    client.get(tree["articles"].url)
    client.force_login(people[1])
    page = client.get(tree["articles"].url)
    assert page["X-Page-Cache"] == "hit-personal"
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(people[1])
    body = csrf_client.get(tree["articles"].url).content.decode()
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = csrf_client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in csrf_client.session


def test_messages_are_shown_once_on_a_cached_page(client, tree, people, rf):
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    client.force_login(people[0])
    client.get(tree["articles"].url)
    # A message left by a previous request (as after saving a form elsewhere), in its cookie.
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode([Message(constants.SUCCESS, "资料已保存")])
    shown = client.get(tree["articles"].url)
    assert shown["X-Page-Cache"] == "hit-personal" and "资料已保存" in shown.content.decode()
    again = client.get(tree["articles"].url)
    assert "资料已保存" not in again.content.decode()


def test_publishing_invalidates_signed_in_pages_too(client, tree, people):
    client.force_login(people[0])
    client.get(tree["articles"].url)
    make_article(tree["articles"], title="新发布的防汛提示")
    assert "新发布的防汛提示" in client.get(tree["articles"].url).content.decode()


def test_signed_in_home_and_campaign_hits_cost_two_queries(client, tree, people, django_assert_max_num_queries):
    campaign = make_campaign(tree["campaigns"], start=datetime.date(2025, 6, 1), end=datetime.date(2025, 6, 30))
    client.force_login(people[0])
    for url in ("/", campaign.url, tree["articles"].url):
        client.get(url)
        with django_assert_max_num_queries(2):  # the session and the user
            response = client.get(url)
        assert response["X-Page-Cache"] == "hit-personal" and "甲乙丙" in response.content.decode()


def test_a_restricted_page_is_rendered_for_the_visitor_and_never_shared(client, tree, people):
    from wagtail.models import PageViewRestriction

    article = make_article(tree["articles"], title="内部通知", text="仅限登录用户。")
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(people[0])
    response = client.get(article.url)
    assert response.status_code == 200 and "仅限登录用户" in response.content.decode()
    assert "X-Page-Cache" not in response
    client.logout()
    anonymous = client.get(article.url)
    assert anonymous.status_code == 302
