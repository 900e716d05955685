"""Everything a page loads comes from us: no CDN, fonts, analytics or embeds from other hosts."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.accounts.factories import make_user

PUBLIC_PAGES = [
    "/",
    "/exams/",
    "/bookings/",
    "/courses/",
    "/tipoffs/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/no-such-page/",
]
LOGGED_IN_PAGES = ["/accounts/profile/", "/accounts/profile/?edit=1", "/accounts/2fa/", "/accounts/email/"]
LOADING_ATTRS = {
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
OUR_HOSTS = {"testserver", "localhost", "127.0.0.1"}


class ResourceCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        wanted = LOADING_ATTRS.get(tag, ())
        for name, value in attrs:
            if name in wanted and value:
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(","))
            if name == "style" and value and "url(" in value:
                self.urls.append(value.split("url(", 1)[1].split(")", 1)[0].strip("'\""))


def external_resources(html: str) -> list[str]:
    collector = ResourceCollector()
    collector.feed(html)
    found = []
    for url in collector.urls:
        parts = urlsplit(url)
        if url.startswith("//") or (parts.scheme in ("http", "https") and parts.hostname not in OUR_HOSTS):
            found.append(url)
    return found


def test_the_scanner_sees_external_resources():
    html = '<link href="https://cdn.example.com/x.css"><img src="//fonts.example.net/a.png"><script src="/static/a.js">'
    assert external_resources(html) == ["https://cdn.example.com/x.css", "//fonts.example.net/a.png"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_loads_nothing_from_other_hosts(client, path):
    response = client.get(path, follow=True)
    assert response.status_code in (200, 404), path
    assert external_resources(response.content.decode()) == []


@pytest.mark.django_db
def test_account_pages_load_nothing_from_other_hosts(client):
    client.force_login(make_user("visitor"))
    for path in LOGGED_IN_PAGES:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert external_resources(response.content.decode()) == [], path
