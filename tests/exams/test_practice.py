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
    assert response.status_code == 302, "post/redirect/get: a reload never sends the answer again"
    html = client.get(response["Location"]).content.decode()
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


def _favourite_next_from(html: str) -> str:
    """Where the page's 收藏本题 / 取消收藏 form sends the learner back to (what the browser would post)."""
    form = html.split(f'action="{reverse("exams:practice_favourite")}"', 1)[1]
    match = re.search(r'<input type="hidden" name="next" value="([^"]*)">', form)
    return html_lib.unescape(match.group(1))


def _favourite_next(page) -> str:
    return _favourite_next_from(page.content.decode())


@pytest.mark.parametrize("mode", ["sequential", "random", "wrong"])
def test_favourite_from_feedback_keeps_the_feedback(client, bank, learner, mode):
    """Issue 13: toggling the favourite after answering returns to the feedback, not a fresh question."""
    client.force_login(learner)
    first = Question.objects.get(pk=practice_question_ids(learner, bank, "sequential")[1])
    if mode == "wrong":
        practice_answer(user=learner, question_id=first.pk, answer_letters=_wrong(first))
    url = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": mode})
    index = 0 if mode == "wrong" else 1
    page = client.post(url, {"question": first.pk, "i": index, "answer": _wrong(first)}, follow=True)
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


def _notes(html: str) -> str:
    """The feedback block's text (verdict, wrong-answer-book note, explanation), whitespace folded."""
    block = html.split('<div class="feedback"', 1)[1].split("</div>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", block.split(">", 1)[1]).split())


def _answer(client, url, question, letters, index=0):
    response = client.post(url, {"question": question.pk, "i": index, "answer": letters})
    assert response.status_code == 302
    return response["Location"], client.get(response["Location"]).content.decode()


def _favourite_toggle_and_reload(client, question, next_url) -> list[str]:
    """Favourite, unfavourite, then a plain reload: the feedback block as each page shows it."""
    seen = []
    for favourite in ("1", "0"):
        response = client.post(
            reverse("exams:practice_favourite"), {"question": question.pk, "favourite": favourite, "next": next_url}
        )
        seen.append(_notes(client.get(response["Location"]).content.decode()))
    seen.append(_notes(client.get(next_url).content.decode()))
    return seen


def test_cleared_note_survives_favourite_and_reload(client, bank, learner):
    """Issue 13: "已移出错题本" stays on the feedback page after the favourite toggle and a reload."""
    client.force_login(learner)
    question = Question.objects.filter(bank=bank, type=QuestionType.SINGLE).first()
    practice_answer(user=learner, question_id=question.pk, answer_letters=_wrong(question))
    url = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": "wrong"})
    for streak in (1, 2):
        _location, html = _answer(client, url, question, question.answer)
        assert f"本题已连续答对 {streak} 次，连续答对 3 次后移出错题本。" in _notes(html)
    location, html = _answer(client, url, question, question.answer)
    before = _notes(html)
    assert "回答正确！" in before and "已移出错题本。" in before and question.explanation in before
    assert "第 1 / 1 题" in html, "the count still includes the question just cleared"
    assert not WrongAnswer.objects.filter(user=learner, question=question).exists()

    assert _favourite_toggle_and_reload(client, question, _favourite_next_from(html)) == [before] * 3
    assert client.get(location).content.decode().count("已移出错题本。") == 1
    record = PracticeRecord.objects.get(user=learner, question=question)
    assert (record.answered_count, record.correct_count) == (4, 3), "reloads and toggles count no answer"


def test_streak_and_wrong_notes_survive_favourite_and_reload(client, bank, learner):
    client.force_login(learner)
    question = Question.objects.filter(bank=bank, type=QuestionType.SINGLE).first()
    url = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": "sequential"})
    _location, html = _answer(client, url, question, _wrong(question))
    before = _notes(html)
    assert "本题已加入错题本" in before
    assert _favourite_toggle_and_reload(client, question, _favourite_next_from(html)) == [before] * 3
    _location, html = _answer(client, url, question, question.answer)
    before = _notes(html)
    assert "本题已连续答对 1 次" in before
    assert _favourite_toggle_and_reload(client, question, _favourite_next_from(html)) == [before] * 3


def test_no_cleared_note_for_a_later_right_answer_or_a_question_back_in_the_book(client, bank, learner):
    """The note belongs to the answer that cleared the question, not to every right answer after it."""
    client.force_login(learner)
    question = Question.objects.filter(bank=bank, type=QuestionType.SINGLE).first()
    url = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": "sequential"})
    practice_answer(user=learner, question_id=question.pk, answer_letters=_wrong(question))
    for _ in range(3):
        location, html = _answer(client, url, question, question.answer)
    assert "已移出错题本。" in _notes(html)
    location, html = _answer(client, url, question, question.answer)
    assert "回答正确！" in _notes(html) and "错题本" not in _notes(html)
    # Cleared, then back in the book (a mock exam's wrong answer) before the page is reloaded.
    practice_answer(user=learner, question_id=question.pk, answer_letters=_wrong(question))
    for _ in range(3):
        location, html = _answer(client, url, question, question.answer)
    WrongAnswer.objects.create(user=learner, question=question)
    assert "已移出错题本。" not in _notes(client.get(location).content.decode())


def test_unfavouriting_in_the_favourites_list_keeps_the_count_and_the_next_question(client, bank, learner):
    """Leaving the favourites list from its own page: 下一题 is the one that moved up, not one past it."""
    client.force_login(learner)
    ids = practice_question_ids(learner, bank, "sequential")[:3]
    for pk in ids:
        favourite_set(user=learner, question_id=pk, favourite=True)
    favourites = practice_question_ids(learner, bank, "favourites")
    url = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": "favourites"})
    first = Question.objects.get(pk=favourites[0])
    _location, html = _answer(client, url, first, first.answer)
    response = client.post(
        reverse("exams:practice_favourite"),
        {"question": first.pk, "favourite": "0", "next": _favourite_next_from(html)},
    )
    html = client.get(response["Location"]).content.decode()
    assert "第 1 / 3 题" in html and f'{url}?i=0">下一题</a>' in html and "收藏本题" in html
    assert Question.objects.get(pk=favourites[1]).stem in client.get(f"{url}?i=0").content.decode()
