"""The main navigation marks the section the visitor is in, on every app's pages."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _current_sections(html: str) -> list[str]:
    nav = html[html.index('class="site-nav"') :]
    nav = nav[: nav.index("</nav>")]
    return re.findall(r'<a href="([^"]+)" aria-current="true">', nav)


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/bookings/", "/bookings/"),
        ("/courses/", "/courses/"),
        ("/tipoffs/", "/tipoffs/"),
        # 我的证书 alone: the verification page is under /certificates/, not the Wagtail site (宣传教育).
        ("/certificates/verify/", "/certificates/mine/"),
        ("/nope/", "/"),
    ],
)
def test_the_section_of_the_page_is_marked_current(client, path, section):
    response = client.get(path)
    assert _current_sections(response.content.decode()) == [section]


def test_account_pages_mark_no_section(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert _current_sections(response.content.decode()) == []
