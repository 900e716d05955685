"""Real-browser checks: axe audits of the learner pages and one enrol → study → complete run."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from courses.models import Enrolment, LessonProgress

from .conftest import make_course, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db")]


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_course_pages_pass_axe(browser_page, live_server, axe_violations):
    course = make_course("低压电工作业初训")
    learner = make_user("e2e_axe")
    page = browser_page
    page.goto("/courses/")
    assert page.locator("h1").inner_text() == "培训课程"
    assert axe_violations(page) == []
    page.goto(f"/courses/{course.pk}/")
    assert axe_violations(page) == []

    _log_in(page, live_server, learner)
    page.goto(f"/courses/{course.pk}/")
    page.get_by_role("button", name="报名学习").click()
    page.get_by_text("报名成功").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name="1. 第1课").click()
    page.get_by_role("heading", name="第1课", level=1).wait_for()
    assert axe_violations(page) == []
    page.goto("/courses/mine/")
    assert axe_violations(page) == []


def test_enrol_study_and_complete_a_lesson(browser_page, live_server):
    course = make_course("有限空间作业安全", minutes=(30,))
    learner = make_user("e2e_flow")
    page = browser_page
    _log_in(page, live_server, learner)
    page.goto(f"/courses/{course.pk}/")
    page.get_by_role("button", name="报名学习").click()
    page.get_by_text("报名成功").wait_for()
    page.get_by_role("link", name="1. 第1课").click()
    page.get_by_text("还需学习约 24 分钟").wait_for()

    # Too early: the server refuses and says how long is left.
    page.get_by_role("button", name="完成本课时").click()
    page.locator(".alert-error", has_text="才能标记完成").wait_for()

    # Server-side time travel: the lesson was opened half an hour ago.
    LessonProgress.objects.filter(user=learner).update(started_at=timezone.now() - datetime.timedelta(minutes=30))
    page.get_by_role("button", name="完成本课时").click()
    page.get_by_text("已完成课时「第1课」").wait_for()
    assert "已完成 1 / 1 个课时" in page.content()
    page.get_by_role("button", name="领取结业证书").click()
    page.get_by_role("heading", name="结业证书", level=1).wait_for()
    assert Enrolment.objects.get(user=learner).certificate.number in page.content()
