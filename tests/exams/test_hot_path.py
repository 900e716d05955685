"""Issue 11: the exam-day hot path — question page ≤ 8 queries, autosave ≤ 3, CSRF on, the server
owning the deadline, no answer acknowledged before it is committed."""

import json
import re
import uuid

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from edu_platform import i18n
from edu_platform.cache_backends import RedisCache
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


def test_previous_comes_before_next_in_reading_and_tab_order(client, learner, paper):
    client.force_login(learner)
    html = client.get(reverse("exams:attempt_question", args=[paper.pk, 2])).content.decode()
    assert html.index("保存并上一题") < html.index("保存并下一题")


def test_answer_sheet_shows_each_questions_state_and_the_current_one(client, learner, paper):
    client.force_login(learner)
    client.post(reverse("exams:attempt_question", args=[paper.pk, 1]), {"answer": "A", "flagged": "1"})
    html = client.get(reverse("exams:attempt_question", args=[paper.pk, 2])).content.decode()
    buttons = re.findall(r"<button [^>]*data-nav-position=\"\d+\"[^>]*>.*?</button>", html)
    assert len(buttons) == 100
    first, second, third = buttons[:3]
    assert 'class="nav-q is-answered is-flagged"' in first and "，已答，已标记" in first
    assert 'class="nav-q is-current" aria-current="step"' in second and "，未答<" in second
    assert "aria-current" not in third and 'value="3"' in third


def test_answer_sheet_speaks_the_chosen_language(client, learner, paper):
    client.force_login(learner)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("exams:attempt_question", args=[paper.pk, 1])).content.decode()
    assert "，Unanswered</span>" in html and "，未答" not in html
    del client.cookies["django_language"]
    html = client.get(reverse("exams:attempt_question", args=[paper.pk, 1])).content.decode()
    assert "，未答</span>" in html and "Unanswered" not in html


def test_remembered_translations_follow_the_active_language():
    # The gettext memo (edu_platform/i18n.py) is per language: the same msgid gives each its own text,
    # the first time and every time after.
    for _ in range(2):
        with translation.override("en"):
            assert translation.gettext("已答") == "Answered"
            assert translation.pgettext("nonexistent context", "已答") == "已答"
        with translation.override("zh-hans"):
            assert translation.gettext("已答") == "已答"
    assert trans_real.DjangoTranslation.gettext is i18n._remembered_gettext


@pytest.fixture
def redis_cache():
    import redis

    location = "redis://127.0.0.1:6379/7"
    try:
        redis.Redis.from_url(location, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    cache = RedisCache(location, {"KEY_PREFIX": f"test-hot-path-{uuid.uuid4().hex}"})
    yield cache
    cache.clear()


def test_production_redis_cache_behaves_like_djangos(redis_cache):
    assert redis_cache.get("missing", "default") == "default"
    redis_cache.set("page key with spaces:页", {"html": "<p>考试</p>"}, timeout=30)
    assert redis_cache.get("page key with spaces:页") == {"html": "<p>考试</p>"}
    assert redis_cache.add("counter", 1) is True and redis_cache.add("counter", 5) is False
    assert redis_cache.incr("counter") == 2
    redis_cache.set_many({"a": 1, "b": 2})
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}
    redis_cache.delete("a")
    assert redis_cache.get("a") is None
    # One Redis client per pool, not one per command (the point of the subclass).
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)
