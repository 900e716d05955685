"""Practice: immediate feedback, progress per chapter, the wrong-answer book and favourites."""

import html as html_lib
import re

import pytest
from django.test import override_settings
from django.urls import reverse

from exams.errors import ExamError
from exams.models import Chapter, Favourite, PracticeRecord, Question, QuestionType, WrongAnswer
from exams.selectors import practice_progress, practice_question_ids
from exams.services.practice import favourite_set, practice_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(username="learner", email="l@example.com", password="pw-12345678")


@pytest.fixture
def bank(make_bank):
    return make_bank(code="prac", true_false=4, single=4, multiple=2, chapters=("法律法规", "专业知识"))


def _wrong(question):
    return "B" if question.answer != "B" else "A"


def test_wrong_answer_enters_book_and_n_right_in_a_row_clear_it(bank, learner):
    question = Question.objects.filter(bank=bank, type=QuestionType.SINGLE).first()
    feedback = practice_answer(user=learner, question_id=question.pk, answer_letters=_wrong(question))
    assert (feedback.correct, feedback.in_wrong_book) == (False, True)
    for streak in (1, 2):
        feedback = practice_answer(user=learner, question_id=question.pk, answer_letters=question.answer)
        assert (feedback.correct, feedback.in_wrong_book, feedback.right_streak) == (True, True, streak)
    # A wrong answer in between starts the streak again.
    practice_answer(user=learner, question_id=question.pk, answer_letters=_wrong(question))
    entry = WrongAnswer.objects.get(user=learner, question=question)
    assert (entry.wrong_count, entry.right_streak) == (2, 0)
    for _ in range(3):
        feedback = practice_answer(user=learner, question_id=question.pk, answer_letters=question.answer)
    assert feedback.in_wrong_book is False
    assert not WrongAnswer.objects.filter(user=learner, question=question).exists()
    record = PracticeRecord.objects.get(user=learner, question=question)
    assert (record.answered_count, record.correct_count, record.last_correct) == (7, 5, True)


@override_settings(EXAMS_WRONG_BOOK_CLEAR_STREAK=1)
def test_clear_streak_setting(bank, learner):
    question = Question.objects.filter(bank=bank, type=QuestionType.SINGLE).first()
    practice_answer(user=learner, question_id=question.pk, answer_letters=_wrong(question))
    assert practice_answer(user=learner, question_id=question.pk, answer_letters=question.answer).in_wrong_book is False


def test_multi_select_partial_is_wrong_and_bad_letters_refused(bank, learner):
    question = Question.objects.filter(bank=bank, type=QuestionType.MULTIPLE).first()  # answer AC
    assert practice_answer(user=learner, question_id=question.pk, answer_letters="A").correct is False
    assert practice_answer(user=learner, question_id=question.pk, answer_letters="c a").correct is True
    with pytest.raises(ExamError):
        practice_answer(user=learner, question_id=question.pk, answer_letters="Z")
    single = Question.objects.filter(bank=bank, type=QuestionType.SINGLE).first()
    with pytest.raises(ExamError, match="只能选择一个"):
        practice_answer(user=learner, question_id=single.pk, answer_letters="AB")


def test_progress_per_chapter(bank, learner, django_assert_max_num_queries):
    law = Chapter.objects.get(bank=bank, path="法律法规")
    law_questions = list(Question.objects.filter(bank=bank, chapter=law))
    practice_answer(user=learner, question_id=law_questions[0].pk, answer_letters=law_questions[0].answer)
    practice_answer(user=learner, question_id=law_questions[1].pk, answer_letters=_wrong(law_questions[1]))
    with django_assert_max_num_queries(3):
        rows = {row.label: (row.answered, row.right, row.total) for row in practice_progress(learner, bank)}
    assert rows["法律法规"] == (2, 1, len(law_questions))
    assert rows["专业知识"][:2] == (0, 0)


def test_modes_walk_the_right_questions(bank, learner):
    law = Chapter.objects.get(bank=bank, path="法律法规")
    all_ids = practice_question_ids(learner, bank, "sequential")
    assert len(all_ids) == 10
    chapter_ids = practice_question_ids(learner, bank, "chapter", law)
    assert set(chapter_ids) == set(Question.objects.filter(chapter=law).values_list("pk", flat=True))
    question = Question.objects.get(pk=all_ids[3])
    practice_answer(user=learner, question_id=question.pk, answer_letters=_wrong(question))
    assert practice_question_ids(learner, bank, "wrong") == [question.pk]
    favourite_set(user=learner, question_id=all_ids[0], favourite=True)
    favourite_set(user=learner, question_id=all_ids[0], favourite=True)  # double click
    assert practice_question_ids(learner, bank, "favourites") == [all_ids[0]]
    favourite_set(user=learner, question_id=all_ids[0], favourite=False)
    assert not Favourite.objects.exists()


def test_practice_pages(client, bank, learner):
    client.force_login(learner)
    assert bank.name in client.get(reverse("exams:practice_index")).content.decode()
    html = client.get(reverse("exams:practice_bank", kwargs={"bank_code": bank.code})).content.decode()
    assert "章节进度" in html and "法律法规" in html and 'class="progress"' in html
    url = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": "sequential"})
    page = client.get(url).content.decode()
    first = Question.objects.get(pk=practice_question_ids(learner, bank, "sequential")[0])
    assert first.stem in page
    assert first.explanation not in page  # feedback only after answering
    response = client.post(url, {"question": first.pk, "i": 0, "answer": _wrong(first)})
    html = response.content.decode()
    assert "回答错误" in html and first.explanation in html and "i=1" in html
    assert client.post(url, {"question": first.pk, "i": 0}).status_code == 400  # nothing ticked
    wrong_url = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": "wrong"})
    assert first.stem in client.get(wrong_url).content.decode()
    response = client.post(
        reverse("exams:practice_favourite"), {"question": first.pk, "favourite": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("exams:practice_index")
    assert Favourite.objects.filter(user=learner, question=first).exists()
    assert (
        client.get(reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": "x"})).status_code == 404
    )


def _favourite_next(page) -> str:
    """Where the page's 收藏本题 / 取消收藏 form sends the learner back to (what the browser would post)."""
    form = page.content.decode().split(f'action="{reverse("exams:practice_favourite")}"', 1)[1]
    match = re.search(r'<input type="hidden" name="next" value="([^"]*)">', form)
    return html_lib.unescape(match.group(1))


@pytest.mark.parametrize("mode", ["sequential", "random", "wrong"])
def test_favourite_from_feedback_keeps_the_feedback(client, bank, learner, mode):
    """Issue 13: toggling the favourite after answering returns to the feedback, not a fresh question."""
    client.force_login(learner)
    first = Question.objects.get(pk=practice_question_ids(learner, bank, "sequential")[1])
    if mode == "wrong":
        practice_answer(user=learner, question_id=first.pk, answer_letters=_wrong(first))
    url = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": mode})
    index = 0 if mode == "wrong" else 1
    page = client.post(url, {"question": first.pk, "i": index, "answer": _wrong(first)})
    assert "回答错误" in page.content.decode()
    next_url = _favourite_next(page)
    for favourite in ("1", "0"):
        response = client.post(
            reverse("exams:practice_favourite"), {"question": first.pk, "favourite": favourite, "next": next_url}
        )
        html = client.get(response["Location"]).content.decode()
        assert first.stem in html and first.explanation in html
        assert "回答错误" in html and f"正确答案：{first.answer}" in html
        assert f"i={index + 1}" in html  # 下一题 still goes on from here
        assert (">取消收藏</button>" in html) is (favourite == "1")
    assert not Favourite.objects.filter(user=learner, question=first).exists()


def test_favourite_before_answering_stays_on_the_question(client, bank, learner):
    client.force_login(learner)
    url = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": "random"})
    page = client.get(url)
    question = page.context["question"]
    response = client.post(
        reverse("exams:practice_favourite"),
        {"question": question.pk, "favourite": "1", "next": _favourite_next(page)},
    )
    html = client.get(response["Location"]).content.decode()
    assert question.stem in html and ">取消收藏</button>" in html and "提交答案" in html
