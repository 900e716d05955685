import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

HTML_LANG = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"")


def _lang(response) -> str:
    return HTML_LANG.search(response.content.decode()).group(1)


def test_pages_are_chinese_by_default(client):
    assert _lang(client.get("/accounts/login/")) == "zh-Hans"


def test_setlang_post_switches_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert _lang(client.get("/accounts/login/")) == "en"
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})
    assert _lang(client.get("/accounts/login/")) == "zh-Hans"


def test_header_language_switch_sets_the_cookie_and_returns(client):
    response = client.get("/display/language/", {"language": "en", "next": "/accounts/signup/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert _lang(client.get("/accounts/signup/")) == "en"


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(client):
    response = client.get("/display/language/", {"language": "xx", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
