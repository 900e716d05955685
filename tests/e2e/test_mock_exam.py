"""A whole mock exam in a real browser, with a reload in the middle; axe audits of the learner pages."""

import pytest

from exams.models import Attempt, AttemptStatus
from tests.browser import browser_log_in as _login
from tests.exams.conftest import _make_bank, _make_blueprint, _make_subject

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def exam_setup(transactional_db, django_user_model):
    bank = _make_bank(code="e2e", true_false=4, single=3, chapters=("法律法规", "专业知识"), is_public=True)
    subject = _make_subject(banks=[bank])
    _make_blueprint(subject, rules=(("true_false", 3, 10), ("single", 2, 35)), pass_mark=80)
    user = django_user_model.objects.create_user(
        username="e2e", email="e2e@example.com", password="pw-12345678", person_category="special_operator"
    )
    return bank, subject, user


def _choose_first_and_wait(page):
    page.locator("input[name=answer]").first.check()
    page.get_by_text("已保存").wait_for()


def test_whole_mock_exam_with_reload(browser_page, live_server, exam_setup, axe_violations):
    _bank, _subject, user = exam_setup
    page = browser_page
    _login(page, live_server, user)
    page.goto("/exams/")
    page.get_by_role("button", name="开始模拟考试").click()
    page.wait_for_url("**/q/1/")
    assert page.locator("[data-countdown]").inner_text().count(":") >= 1  # JS countdown running
    assert axe_violations(page) == []

    _choose_first_and_wait(page)  # autosave by fetch
    page.get_by_role("button", name="保存并下一题").click()
    page.wait_for_url("**/q/2/")
    page.locator("input[name=answer]").nth(1).check()
    page.locator("input[name=flagged]").check()
    page.get_by_text("已保存").wait_for()

    page.reload()  # the candidate's browser reloads mid-exam: nothing is lost
    assert page.locator("input[name=answer]").nth(1).is_checked()
    assert page.locator("input[name=flagged]").is_checked()
    navigator_1 = page.locator('[data-nav-position="1"]')
    assert "已答" in navigator_1.inner_text() and "is-answered" in navigator_1.get_attribute("class")
    navigator_1.click()
    page.wait_for_url("**/q/1/")
    assert page.locator("input[name=answer]").first.is_checked()

    for position in (3, 4, 5):
        page.locator(f'[data-nav-position="{position}"]').click()
        page.wait_for_url(f"**/q/{position}/")
        _choose_first_and_wait(page)

    attempt = Attempt.objects.get(user=user)
    answered = list(attempt.items.order_by("position").values_list("answer", flat=True))
    assert all(answered), answered

    page.get_by_role("button", name="交卷", exact=True).click()
    page.wait_for_url("**/submit/")
    assert "还有 0 题未作答" in page.content()
    page.get_by_role("button", name="确认交卷").click()
    page.wait_for_url("**/result/")
    assert page.get_by_role("heading", name="模拟考试成绩").is_visible()
    assert page.get_by_role("heading", name="逐题解析").is_visible()
    assert axe_violations(page) == []
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.SUBMITTED
    assert f"{int(attempt.score)} / 100 分" in page.locator(".result-score").inner_text()


def test_learner_pages_pass_axe(browser_page, live_server, exam_setup, axe_violations):
    bank, _subject, user = exam_setup
    page = browser_page
    page.goto(f"/exams/quiz/{bank.code}/?n=5")  # anonymous
    assert axe_violations(page) == []
    page.locator("input[type=radio], input[type=checkbox]").first.check()
    page.get_by_role("button", name="交卷").click()
    page.get_by_role("heading", name="答案与解析").wait_for()
    assert axe_violations(page) == []

    _login(page, live_server, user)
    for url in ("/exams/", "/exams/history/", "/exams/practice/", f"/exams/practice/{bank.code}/"):
        page.goto(url)
        assert axe_violations(page) == [], url
    page.goto(f"/exams/practice/{bank.code}/sequential/")
    assert axe_violations(page) == []
    page.locator("input[name=answer]").first.check()
    page.get_by_role("button", name="提交答案").click()
    page.get_by_role("link", name="下一题").wait_for()
    assert axe_violations(page) == []
