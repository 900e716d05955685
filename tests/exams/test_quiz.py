"""The public quiz: no login, nothing stored, signed question ids, rate limit, embed panel."""

import re

import pytest
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from exams.models import Attempt, Favourite, PracticeRecord, Question, WrongAnswer
from exams.services.quiz import QUIZ_SALT

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_bank(make_bank):
    return make_bank(code="public-safety", name="公众安全常识", true_false=8, single=6, multiple=2, is_public=True)


def _token(html):
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def _ids(html):
    return [int(pk) for pk in dict.fromkeys(re.findall(r'name="q-(\d+)"', html))]


def test_quiz_without_login_stores_nothing(client, public_bank, django_user_model):
    from django.contrib.sessions.models import Session

    url = reverse("exams:quiz", kwargs={"bank_code": public_bank.code})
    page = client.get(url + "?n=5")
    assert page.status_code == 200
    html = page.content.decode()
    ids = _ids(html)
    assert len(ids) == 5
    questions = Question.objects.in_bulk(ids)
    assert not any(q.explanation in html for q in questions.values())
    answers = {f"q-{pk}": list(questions[pk].answer) for pk in ids[:3]}
    answers[f"q-{ids[3]}"] = ["A", "B", "C", "D"] if questions[ids[3]].type == "multiple" else ["Z"]
    counts_before = [m.objects.count() for m in (Attempt, PracticeRecord, WrongAnswer, Favourite, Session)]
    result = client.post(url, {"token": _token(html), **answers})  # no CSRF token needed
    assert result.status_code == 200
    text = result.content.decode()
    assert "3</strong> / 5" in text
    assert questions[ids[0]].explanation in text
    assert url + "?n=5" in text  # share link
    assert [m.objects.count() for m in (Attempt, PracticeRecord, WrongAnswer, Favourite, Session)] == counts_before
    assert "sessionid" not in result.cookies


def test_tampered_or_foreign_token_refused(client, public_bank, make_bank):
    url = reverse("exams:quiz", kwargs={"bank_code": public_bank.code})
    assert client.post(url, {"token": "nonsense"}).status_code == 400
    private = make_bank(code="private", single=3)
    foreign = signing.dumps(
        {"b": private.pk, "q": list(private.questions.values_list("pk", flat=True))}, salt=QUIZ_SALT
    )
    assert client.post(url, {"token": foreign}).status_code == 400


def test_only_public_banks_and_count_is_clamped(client, public_bank, make_bank):
    private = make_bank(code="private", single=3)
    assert client.get(reverse("exams:quiz", kwargs={"bank_code": private.code})).status_code == 404
    html = client.get(reverse("exams:quiz", kwargs={"bank_code": public_bank.code}) + "?n=500").content.decode()
    assert len(_ids(html)) == 16  # the whole bank, at most 30
    html = client.get(reverse("exams:quiz", kwargs={"bank_code": public_bank.code}) + "?n=x").content.decode()
    assert len(_ids(html)) == 10


def test_quiz_posts_are_rate_limited(client, public_bank):
    url = reverse("exams:quiz", kwargs={"bank_code": public_bank.code})
    token = _token(client.get(url).content.decode())
    statuses = [client.post(url, {"token": token}).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429


def test_embed_panel(public_bank):
    html = render_to_string("exams/quiz/embed.html", {"bank": public_bank, "count": 10, "title": "消防知识竞答"})
    assert "消防知识竞答" in html
    assert "公众安全常识" in html and "10" in html
    assert f'href="/exams/quiz/{public_bank.code}/?n=10"' in html
    assert "开始答题" in html
