"""Real browser: practice feedback survives the favourite toggle and a reload (issue 13)."""

import pytest

from exams.models import PracticeRecord, Question, QuestionType, WrongAnswer
from exams.services.practice import practice_answer
from tests.browser import browser_log_in as _login
from tests.exams.conftest import _make_bank

pytestmark = [pytest.mark.e2e]


def test_cleared_from_wrong_book_note_survives_favourite_and_reload(
    browser_page, live_server, transactional_db, django_user_model, axe_violations, settings
):
    settings.EXAMS_WRONG_BOOK_CLEAR_STREAK = 2
    bank = _make_bank(code="e2eprac", single=2)
    question = Question.objects.filter(bank=bank, type=QuestionType.SINGLE).order_by("pk").first()  # answer B
    user = django_user_model.objects.create_user(username="prac", email="prac@example.com", password="pw-12345678")
    practice_answer(user=user, question_id=question.pk, answer_letters="A")
    page = browser_page
    _login(page, live_server, user)

    feedback = page.locator(".feedback")
    for expected in ("本题已连续答对 1 次，连续答对 2 次后移出错题本。", "已移出错题本。"):
        page.goto(f"/exams/practice/{bank.code}/wrong/")
        page.get_by_label("选项B1").check()
        page.get_by_role("button", name="提交答案").click()
        feedback.wait_for()
        assert expected in feedback.inner_text()
    assert not WrongAnswer.objects.filter(user=user, question=question).exists()
    before = feedback.inner_text()
    assert axe_violations(page) == []

    page.get_by_role("button", name="收藏本题").click()
    page.get_by_text("已加入收藏。").wait_for()
    assert feedback.inner_text() == before
    page.get_by_role("button", name="取消收藏").click()
    page.get_by_text("已取消收藏。").wait_for()
    assert feedback.inner_text() == before
    page.reload()
    feedback.wait_for()
    assert feedback.inner_text() == before, "a reload shows the same notes"
    assert page.get_by_role("link", name="下一题").is_visible()
    record = PracticeRecord.objects.get(user=user, question=question)
    assert record.answered_count == 3, "neither the toggles nor the reload sent the answer again"
