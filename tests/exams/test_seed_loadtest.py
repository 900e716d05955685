"""seed_loadtest with tiny numbers: the counts, a real 70 + 30 paper, known logins, idempotence."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

from bookings.models import ExamSession
from campaigns.models import ArticlePage
from exams.models import Question, QuestionType
from exams.services.attempts import attempt_start

pytestmark = pytest.mark.django_db

ARGS = ["--questions", "140", "--candidates", "4", "--sessions", "13", "--pages", "3"]


def _counts():
    User = get_user_model()
    return (
        Question.objects.filter(bank__code="loadtest").count(),
        User.objects.filter(username__startswith="lt-candidate-").count(),
        ExamSession.objects.filter(centre__name__contains="压测").count(),
        ArticlePage.objects.filter(slug__startswith="lt-article-").count(),
    )


def test_seed_loadtest_counts_idempotence_and_a_real_paper():
    call_command("seed_loadtest", *ARGS, stdout=StringIO())
    assert _counts() == (140, 4, 13, 3)
    call_command("seed_loadtest", *ARGS, stdout=StringIO())
    assert _counts() == (140, 4, 13, 3)

    user = authenticate(username="lt-candidate-0002", password="Loadtest-2026!")
    assert user is not None and user.real_name == "考生0002"
    assert ExamSession.objects.filter(subjects__code="loadtest-low-voltage").count() == 13
    attempt = attempt_start(user=user, subject=ExamSession.objects.first().subjects.get())
    types = list(attempt.items.values_list("question_type", flat=True))
    assert types.count(QuestionType.TRUE_FALSE) == 70 and types.count(QuestionType.SINGLE) == 30
    assert (attempt.max_score, attempt.pass_mark) == (100, 80)
