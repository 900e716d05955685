"""Mock-exam pages over HTTP: start, resume, autosave JSON, tampered posts, no answers before
submission, result and review, history with its chart."""

import datetime
import json
import re

import pytest
import time_machine
from django.urls import reverse

from exams.models import Attempt, AttemptQuestion, AttemptStatus, QuestionType
from exams.services.attempts import attempt_start

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(
        username="learner", email="l@example.com", password="pw-12345678", person_category="special_operator"
    )


@pytest.fixture
def client_in(client, learner):
    client.force_login(learner)
    return client


def _q(attempt, position):
    return reverse("exams:attempt_question", kwargs={"attempt_id": attempt.pk, "position": position})


def test_pages_need_login(client, bank_with_paper):
    for url in (reverse("exams:index"), reverse("exams:history"), reverse("exams:practice_index")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_index_lists_subject_and_start_redirects_to_first_question(client_in, bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    page = client_in.get(reverse("exams:index"))
    assert subject.name in page.content.decode()
    assert "开始模拟考试" in page.content.decode()
    response = client_in.post(reverse("exams:mock_start", kwargs={"subject_code": subject.code}))
    attempt = Attempt.objects.get(user=learner)
    assert response["Location"] == reverse("exams:attempt", kwargs={"attempt_id": attempt.pk})
    response = client_in.get(response["Location"])
    assert response["Location"] == _q(attempt, 1)
    assert "继续未完成的考试" in client_in.get(reverse("exams:index")).content.decode()


def test_open_attempt_html_and_json_never_contain_answers(client_in, bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    seen = []
    for item in attempt.items.select_related("question"):
        html = client_in.get(_q(attempt, item.position)).content.decode()
        assert item.question.stem in html
        assert item.question.explanation not in html  # "解析N"
        assert "正确答案</span>" not in html
        assert "opt-right" not in html
        assert "您的答案" not in html
        seen.append(html)
        saved = client_in.post(_q(attempt, item.position), {"answer": "A"}, **JSON)
        assert saved.status_code == 200
        payload = json.loads(saved.content)
        assert set(payload) == {"saved", "position", "answered", "flagged"}
    submit_page = client_in.get(reverse("exams:attempt_submit", kwargs={"attempt_id": attempt.pk})).content.decode()
    assert "解析" not in submit_page


def test_form_post_saves_and_moves_without_js(client_in, bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    response = client_in.post(_q(attempt, 1), {"answer": "B", "flagged": "1", "go": "next"})
    assert response.status_code == 302
    assert response["Location"] == _q(attempt, 2)
    item = attempt.items.get(position=1)
    assert (item.answer, item.flagged) == ("B", True)
    response = client_in.post(_q(attempt, 2), {"answer": "A", "go": "prev"})
    assert response["Location"] == _q(attempt, 1)
    response = client_in.post(_q(attempt, 1), {"answer": "B", "flagged": "1", "go": "7"})
    assert response["Location"] == _q(attempt, 7)
    response = client_in.post(_q(attempt, 17), {"answer": "A", "go": "next", "last": "1"})
    assert response["Location"] == reverse("exams:attempt_submit", kwargs={"attempt_id": attempt.pk})
    # Reload: the page shows what was saved, and the navigator says answered / flagged in words.
    html = client_in.get(_q(attempt, 1)).content.decode()
    assert re.search(r'value="B"\s+checked', html)
    assert "，已答，已标记" in html


def test_tampered_posts_get_4xx_and_change_nothing(client_in, client, bank_with_paper, learner, django_user_model):
    _bank, subject, _bp = bank_with_paper
    with time_machine.travel(START, tick=False):
        attempt = attempt_start(user=learner, subject=subject)
    before = list(AttemptQuestion.objects.filter(attempt=attempt).values_list("answer", "flagged"))
    mallory = django_user_model.objects.create_user(username="mallory", email="m@example.com", password="pw-1234567")
    client.force_login(mallory)
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        assert client.post(_q(attempt, 1), {"answer": "A"}, **JSON).status_code == 404
        assert client.get(_q(attempt, 1)).status_code == 404
        assert client.post(reverse("exams:attempt_submit", kwargs={"attempt_id": attempt.pk})).status_code == 404
        client_in.force_login(learner)
        assert client_in.post(_q(attempt, 99), {"answer": "A"}, **JSON).status_code == 404
        assert client_in.post(_q(attempt, 1), {"answer": "F"}, **JSON).status_code == 400
        assert client_in.post(_q(attempt, 1), {"answer": "F"}).status_code == 400
    with time_machine.travel(attempt.deadline + datetime.timedelta(seconds=1), tick=False):
        late = client_in.post(_q(attempt, 1), {"answer": "A"}, **JSON)
        assert late.status_code == 409
        assert json.loads(late.content)["closed"] is True
    assert list(AttemptQuestion.objects.filter(attempt=attempt).values_list("answer", "flagged")) == before
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.IN_PROGRESS  # the 409 changed nothing; the next access closes it


def test_expired_attempt_closed_on_page_access(client_in, bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    with time_machine.travel(START, tick=False):
        attempt = attempt_start(user=learner, subject=subject)
    with time_machine.travel(attempt.deadline + datetime.timedelta(minutes=30), tick=False):
        response = client_in.get(_q(attempt, 3))
    assert response["Location"] == reverse("exams:attempt_result", kwargs={"attempt_id": attempt.pk})
    attempt.refresh_from_db()
    assert (attempt.status, attempt.finished_at) == (AttemptStatus.EXPIRED, attempt.deadline)


def test_submit_result_review_and_history(client_in, bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    item = attempt.items.select_related("question").get(position=1)
    client_in.post(_q(attempt, 1), {"answer": "A"})
    response = client_in.post(reverse("exams:attempt_submit", kwargs={"attempt_id": attempt.pk}))
    assert response["Location"] == reverse("exams:attempt_result", kwargs={"attempt_id": attempt.pk})
    again = client_in.post(reverse("exams:attempt_submit", kwargs={"attempt_id": attempt.pk}))  # double click
    assert again.status_code == 302
    html = client_in.get(response["Location"]).content.decode()
    assert "模拟考试成绩" in html
    assert "按章节" in html and "按题型" in html
    assert "法律法规/安全生产法" in html
    assert item.question.explanation in html
    assert "正确答案" in html and "您的选择" in html
    # Saving after submission is refused.
    assert client_in.post(_q(attempt, 2), {"answer": "A"}, **JSON).status_code == 409
    history = client_in.get(reverse("exams:history")).content.decode()
    assert "<svg" in history
    assert subject.name in history


def test_question_page_query_budget(client_in, bank_with_paper, learner, django_assert_max_num_queries):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    client_in.get(_q(attempt, 1))
    with django_assert_max_num_queries(10):
        client_in.get(_q(attempt, 5))
    with django_assert_max_num_queries(8):
        client_in.post(_q(attempt, 5), {"answer": "A"}, **JSON)


def test_judgement_question_shows_right_wrong_in_order(client_in, bank_with_paper, learner):
    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    position = attempt.items.filter(question__type=QuestionType.TRUE_FALSE).first().position
    html = client_in.get(_q(attempt, position)).content.decode()
    assert html.index("正确") < html.index("错误")


def test_exam_labels_read_as_english_in_english_mode(client_in, bank_with_paper, learner):
    """English mode: a spaced label and comma-separated question numbers around the content (issue 13:
    labels with full-width colons and 、 between numbers); Chinese mode keeps its own punctuation."""
    from django.conf import settings

    _bank, subject, _bp = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    client_in.post(_q(attempt, 1), {"answer": "A"}, **JSON)
    submit = reverse("exams:attempt_submit", kwargs={"attempt_id": attempt.pk})
    chinese = client_in.get(submit).content.decode()
    assert "未答题号：" in chinese and "剩余时间：" in chinese
    assert re.search(r">2</a>、<a", chinese)

    client_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client_in.get(submit).content.decode()
    assert "Unanswered questions: " in english and "Time remaining: " in english
    assert "：" not in re.sub(r"<[^>]+>", "", english.split("<main", 1)[1]).replace("约", "")
    assert re.search(r">2</a>, <a", english)
    client_in.post(submit)
    result = client_in.get(reverse("exams:attempt_result", kwargs={"attempt_id": attempt.pk})).content.decode()
    assert "Your answer: " in result and "Correct answer: " in result
