"""Real-browser checks: axe audits of the learner pages and one enrol → study → complete run."""

import time

import pytest

from accounts.models import Town
from courses.models import Enrolment, LessonProgress
from courses.services import enrolment_create
from tests.browser import browser_log_in as _log_in

from .conftest import make_course, make_enterprise, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("transactional_db")]


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


def test_enterprise_page_with_the_upload_form_passes_axe(browser_page, live_server, axe_violations):
    make_course("主要负责人初训")
    Town.objects.get_or_create(code="e2e-town", defaults={"name": "测试镇"})  # transactional tests flush the seed
    enterprise = make_enterprise()
    admin = make_user("e2e_boss", enterprise=enterprise, groups=["企业安全管理员"])
    make_user("e2e_staff", enterprise=enterprise)
    page = browser_page
    _log_in(page, live_server, admin)
    page.goto("/courses/enterprise/")
    page.get_by_role("heading", name="上传名单批量报名").wait_for()
    assert axe_violations(page) == []


def test_enrol_study_and_complete_a_lesson(browser_page, live_server, settings):
    # A sped-up clock: a beat a second, and a 1-minute lesson that needs 3 s of active study.
    settings.COURSES_HEARTBEAT_SECONDS = 1
    settings.COURSES_MIN_STUDY_RATIO = 0.05
    course = make_course("有限空间作业安全", minutes=(1,))
    learner = make_user("e2e_flow")
    page = browser_page
    _log_in(page, live_server, learner)
    page.goto(f"/courses/{course.pk}/")
    page.get_by_role("button", name="报名学习").click()
    page.get_by_text("报名成功").wait_for()
    page.get_by_role("link", name="1. 第1课").click()
    page.get_by_text("还需学习约 1 分钟").wait_for()

    # Too early: the server refuses and says how long is left.
    page.get_by_role("button", name="完成本课时").click()
    page.locator(".alert-error", has_text="才能标记完成").wait_for()

    # The visible page beats; the server credits the time and the page says when it is enough.
    page.get_by_text("已达到最短学习时间，可以标记完成。").first.wait_for()
    page.get_by_role("button", name="完成本课时").click()
    page.get_by_text("已完成课时「第1课」").wait_for()
    assert "已完成 1 / 1 个课时" in page.content()
    page.get_by_role("button", name="领取结业证书").click()
    page.get_by_role("heading", name="结业证书", level=1).wait_for()
    assert Enrolment.objects.get(user=learner).certificate.number in page.content()


def test_two_lesson_tabs_accrue_time_once(browser_page, live_server, settings):
    settings.COURSES_HEARTBEAT_SECONDS = 1
    course = make_course("有限空间作业安全", minutes=(45, 45))
    learner = make_user("e2e_tabs")
    enrolment_create(user=learner, course=course)
    first, second = course.lessons.all()
    tab_a = browser_page
    _log_in(tab_a, live_server, learner)
    tab_b = tab_a.context.new_page()
    started = time.monotonic()
    tab_a.goto(f"/courses/{course.pk}/lessons/{first.pk}/")
    tab_b.goto(f"/courses/{course.pk}/lessons/{second.pk}/")
    assert tab_a.evaluate("document.visibilityState") == tab_b.evaluate("document.visibilityState") == "visible"
    # Both tabs beat for a while, each every second.
    tab_a.wait_for_timeout(6000)
    tab_b.close()
    tab_a.close()
    elapsed = time.monotonic() - started
    credited = sum(LessonProgress.objects.filter(user=learner).values_list("active_seconds", flat=True))
    # Time since opening would give each tab ~6 s (12 s in all); active time counts the 6 s once.
    assert 2 <= credited <= elapsed + 1, (credited, elapsed)
