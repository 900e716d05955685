"""Issue 11: the exam-day hot path — question page ≤ 8 queries, autosave ≤ 3, CSRF on, the server
owning the deadline, no answer acknowledged before it is committed."""

import json

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exams.models import AttemptQuestion
from exams.services.attempts import attempt_start

# Production keeps sessions in Redis in front of the database (REDIS_URL → cached_db): a session
# read is a cache hit, not a query. The budgets are for that configuration.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_sessions_in_cache"),
]


@pytest.fixture
def _sessions_in_cache():
    with override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db"):
        yield


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(username="learner", email="l@example.com", password="pw-12345678")


@pytest.fixture
def paper(make_bank, make_subject, make_blueprint, learner):
    bank = make_bank(code="hot", true_false=80, single=40)
    subject = make_subject(banks=[bank])
    make_blueprint(subject, rules=(("true_false", 70, 1), ("single", 30, 1)), pass_mark=80)
    return attempt_start(user=learner, subject=subject)


def _work(ctx):
    return [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]


def test_question_page_query_budget(client, learner, paper):
    client.force_login(learner)
    url = reverse("exams:attempt_question", args=[paper.pk, 50])
    client.get(url)  # warm: first-request work (site settings, translations) is not per request
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert len(_work(ctx)) <= 8, _work(ctx)


def test_autosave_query_budget_and_acknowledges_only_what_is_stored(learner, paper):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    page = client.get(reverse("exams:attempt_question", args=[paper.pk, 1]))
    token = page.cookies["csrftoken"].value
    url = reverse("exams:attempt_question", args=[paper.pk, 1])
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, {"answer": "A"}, HTTP_ACCEPT="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and json.loads(response.content)["saved"] is True
    assert len(_work(ctx)) <= 3, _work(ctx)
    item = AttemptQuestion.objects.get(attempt=paper, position=1)
    assert item.answer != ""


def test_autosave_without_the_csrf_token_is_refused(learner, paper):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(
        reverse("exams:attempt_question", args=[paper.pk, 1]), {"answer": "A"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 403
    assert AttemptQuestion.objects.get(attempt=paper, position=1).answer == ""
