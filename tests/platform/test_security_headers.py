"""Content-Security-Policy on every page type (issue 10): enforced on the public site, report-only
in the Wagtail admin; the policy allows no inline script or style and no other host."""

import datetime

import pytest
from wagtail.models import Page

from accounts.models import User
from campaigns.models import Sector
from tests.campaigns import builders

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
CSP_RO = "Content-Security-Policy-Report-Only"


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in parts}


@pytest.fixture
def site_pages():
    site = builders.make_site()
    today = datetime.date.today()
    sector = Sector.objects.first()
    return {
        **site,
        "campaign": builders.make_campaign(
            site["campaigns"], start=today, end=today + datetime.timedelta(days=30), theme="人人讲安全"
        ),
        "article": builders.make_article(site["articles"], title="醇基燃料安全"),
        "case": builders.make_case(site["cases"], title="仓库火灾", sector=sector),
        "event": builders.make_event(site["events"]),
    }


def test_every_public_page_type_enforces_the_policy(client, site_pages):
    seen = set()
    for name, page in site_pages.items():
        response = client.get(page.url)
        assert response.status_code == 200, name
        policy = _directives(response[CSP])
        assert policy["default-src"] == ["'self'"], name
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"], name
        assert "'unsafe-inline'" not in response[CSP]
        seen.add(type(page.specific).__name__)
    assert len(seen) == 9  # home, three indexes + events index, campaign, article, case, event
    # A cached copy (anonymous page cache) carries the header too.
    assert CSP in client.get(site_pages["article"].url)


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/tipoffs/", "/bookings/", "/search/?q=消防", "/nope/"]
)
def test_forms_search_and_error_pages_enforce_the_policy(client, site_pages, path):
    response = client.get(path, follow=True)
    assert CSP in response, path
    assert "'unsafe-inline'" not in response[CSP]


def test_admin_gets_the_policy_report_only(client):
    admin = User.objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert CSP not in response
    assert _directives(response[CSP_RO])["script-src"] == ["'self'"]
    explorer = client.get(f"/admin/pages/{Page.get_first_root_node().pk}/")
    assert CSP_RO in explorer and CSP not in explorer
