"""Real browser: a learner sees a certificate with its status on 我的证书 and opens its verification link."""

import datetime
from importlib import import_module

import pytest
from django.utils import timezone

from tests.browser import browser_log_in as _log_in

from . import factories as f

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db", "_certificate_rules")]


@pytest.fixture
def _certificate_rules():
    """Browser tests flush the database between tests, taking the rules the data migration seeded."""
    from django.apps import apps

    from certificates.models import CertificateRule

    if not CertificateRule.objects.exists():
        import_module("certificates.migrations.0002_seed_rules").seed(apps, None)


def test_learner_sees_status_and_follows_the_verification_link(browser_page, live_server, axe_violations):
    learner = f.candidate("欧阳娜娜")
    certificate = f.issue(learner, issued_on=timezone.localdate() - datetime.timedelta(days=3 * 365 - 30))
    page = browser_page
    _log_in(page, live_server, learner)
    page.goto("/certificates/mine/")
    page.get_by_role("heading", name="我的证书", level=1).wait_for()
    card = page.locator(".cert-card", has_text=certificate.number)
    assert "待复审" in card.inner_text()
    assert "需完成 8 学时复审培训" in card.inner_text()
    assert axe_violations(page) == []

    card.get_by_role("link", name="查验页面（证书二维码打开此页）").click()
    page.get_by_role("heading", name="证书查验", level=1).wait_for()
    body = page.locator("main").inner_text()
    assert "欧阳**" in body and "欧阳娜娜" not in body and learner.id_number not in body
    assert "待复审" in body
    assert axe_violations(page) == []

    page.goto("/certificates/verify/NOPE123/")
    assert "未找到" in page.locator("h1").inner_text()
