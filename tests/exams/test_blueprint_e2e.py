"""The blueprint editor (组卷规则) in a real browser: save with spare blank rows, reload, the date stays."""

import datetime
import re

import pytest
from django.urls import reverse

from exams.models import Blueprint
from tests.browser import browser_log_in as _login

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def superuser_live(transactional_db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="e2e_super", email="e2e_super@example.com", password="pw-Super-123456"
    )


def test_blueprint_editor_saves_with_blank_rows_and_keeps_the_date(
    browser_page, live_server, superuser_live, bank_with_paper, settings
):
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None  # Wagtail's default avatar is an external host
    _bank, subject, _blueprint = bank_with_paper  # the exam rule in force has 30 full marks
    page = browser_page
    _login(page, live_server, superuser_live)

    page.goto(reverse("exams_admin:blueprint_add") + f"?subject={subject.pk}")
    page.get_by_label("名称", exact=True).fill("浏览器规则")
    page.get_by_label("生效日期").fill("2026-06-01")
    # The two proposed lines, changed to 10 × 1 + 10 × 2 = 30 points; rows 3–5 stay blank.
    page.get_by_label("第 1 行题数").fill("10")
    page.get_by_label("第 2 行题数").fill("10")
    page.get_by_label("第 2 行每题分值").fill("2")
    assert page.get_by_label("第 5 行题数").input_value() == ""
    page.get_by_role("button", name="检查并保存").click()
    page.wait_for_url(re.compile(r"/blueprints/\d+/$"))
    page.get_by_text("组卷规则已保存").wait_for()

    saved = Blueprint.objects.get(name="浏览器规则")
    assert saved.effective_from == datetime.date(2026, 6, 1)
    assert [(r.question_type, r.count) for r in saved.rules.all()] == [("true_false", 10), ("single", 10)]

    page.reload()
    assert page.get_by_label("生效日期").input_value() == "2026-06-01"
    assert page.get_by_label("名称", exact=True).input_value() == "浏览器规则"
    assert page.locator(".error-message, .help-critical").count() == 0
    assert page.get_by_label("第 1 行题数").input_value() == "10"
    assert page.get_by_label("第 2 行每题分值").input_value() in {"2", "2.00"}
    assert page.get_by_label("第 3 行题数").input_value() == ""
