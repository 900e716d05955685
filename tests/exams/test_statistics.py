"""Item statistics against a hand-computed example (DESIGN §6, Moodle definitions)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from exams.models import Attempt, AttemptQuestion, QuestionStatistic, SubjectStatistic
from exams.services.statistics import statistics_compute

# Five graded attempts at a 3-question paper (1 point each):
#            q1 q2 q3  total
MARKS = [(1, 1, 0), (1, 0, 1), (0, 0, 1), (1, 1, 1), (0, 0, 0)]
# q1: marks 1,1,0,1,0 (mean .6 → F = 60 %); rest of paper 1,1,1,2,0 (mean 1).
#     sample cov = Σ(dx·dy)/4 = (.4·0 + .4·0 − .6·0 + .4·1 − .6·−1)/4 = 1.0/4 = .25
#     s²(x) = (3·.16 + 2·.36)/4 = 1.2/4 = .3 ; s²(rest) = (0+0+0+1+1)/4 = .5
#     D = 100 · .25 / √(.3·.5) = 100 · .25 / .387298 = 64.55
# q2: marks 1,0,0,1,0 (F = 40 %); rest 1,2,1,2,0 (mean 1.2)
#     cov = (.6·−.2 − .4·.8 − .4·−.2 + .6·.8 − .4·−1.2)/4 = (−.12 −.32 +.08 +.48 +.48)/4 = .6/4 = .15
#     s²(x) = .3 ; s²(rest) = (.04+.64+.04+.64+1.44)/4 = 2.8/4 = .7 ; D = 100·.15/√.21 = 32.73
# q3: marks 0,1,1,1,0 (F = 60 %); rest 2,1,0,2,0 (mean 1): cov = 0 → D = 0 → flagged (< 15).


@pytest.fixture
def graded(bank_with_paper, django_user_model):
    bank, subject, blueprint = bank_with_paper
    questions = list(bank.questions.order_by("pk")[:3])
    start = timezone.now() - datetime.timedelta(days=1)
    for index, marks in enumerate(MARKS):
        user = django_user_model.objects.create_user(username=f"c{index}", email=f"c{index}@example.com")
        total = sum(marks)
        attempt = Attempt.objects.create(
            user=user,
            subject=subject,
            blueprint=blueprint,
            status="submitted",
            started_at=start,
            deadline=start + datetime.timedelta(hours=2),
            finished_at=start + datetime.timedelta(hours=1),
            max_score=3,
            pass_mark=2,
            score=total,
            passed=total >= 2,
        )
        for position, (question, mark) in enumerate(zip(questions, marks, strict=True), start=1):
            AttemptQuestion.objects.create(
                attempt=attempt, question=question, position=position, points=1, awarded=Decimal(mark),
                is_correct=bool(mark), answer="A", question_type=question.type, stem=question.stem,
                key=question.answer,
            )  # fmt: skip
    # An attempt still open is not counted.
    open_user = django_user_model.objects.create_user(username="open", email="open@example.com")
    open_attempt = Attempt.objects.create(
        user=open_user, subject=subject, blueprint=blueprint, started_at=start,
        deadline=timezone.now() + datetime.timedelta(hours=1), max_score=3, pass_mark=2,
    )  # fmt: skip
    AttemptQuestion.objects.create(
        attempt=open_attempt, question=questions[0], position=1, points=1, question_type="true_false", stem="…",
        key="A",
    )  # fmt: skip
    return questions, subject


def test_facility_and_discrimination_match_hand_computation(graded):
    questions, subject = graded
    assert statistics_compute() == {"questions": 3, "subjects": 1}
    q1, q2, q3 = (QuestionStatistic.objects.get(question=q) for q in questions)
    assert q1.attempts == 5
    assert q1.facility == pytest.approx(60.0)
    assert q1.discrimination == pytest.approx(64.55, abs=0.01)
    assert q2.facility == pytest.approx(40.0)
    assert q2.discrimination == pytest.approx(32.73, abs=0.01)
    assert q3.facility == pytest.approx(60.0)
    assert q3.discrimination == pytest.approx(0.0, abs=1e-9)
    assert (q1.flagged, q2.flagged, q3.flagged) == (False, False, True)

    subject_stat = SubjectStatistic.objects.get(subject=subject)
    assert (subject_stat.attempts, subject_stat.passed) == (5, 3)
    assert subject_stat.mean_score == pytest.approx(8 / 5)
    # Scores as % of 3: 66.7, 66.7, 33.3, 100, 0 → buckets 60–69 ×2, 30–39, 90–100, 0–9.
    counts = dict(subject_stat.histogram)
    assert counts == {
        "0–9": 1, "10–19": 0, "20–29": 0, "30–39": 1, "40–49": 0,
        "50–59": 0, "60–69": 2, "70–79": 0, "80–89": 0, "90–100": 1,
    }  # fmt: skip


def test_without_graded_attempts_nothing_is_computed(bank_with_paper):
    assert statistics_compute() == {"questions": 0, "subjects": 0}
    assert not QuestionStatistic.objects.exists()


def test_command_recomputes(graded):
    from io import StringIO

    out = StringIO()
    call_command("exams_compute_statistics", stdout=out)
    assert "已计算 3 道试题、1 个科目的统计" in out.getvalue()
    call_command("exams_compute_statistics", stdout=out)
    assert QuestionStatistic.objects.count() == 3


def test_statistics_page_shows_pass_rate_histogram_and_flagged_questions(graded, client, exam_admin):
    from django.urls import reverse

    questions, subject = graded
    statistics_compute()
    client.force_login(exam_admin)
    page = client.get(reverse("exams_admin:statistics")).content.decode()
    assert subject.name in page
    assert "答卷 5 份，合格 3 份，合格率 60.0%，平均分 1.6。" in page
    assert "<svg" in page and "90–100" in page  # the histogram chart and its data table
    flagged_section = page.split("需复核的试题（区分度低于 15）")[1].split("全部试题统计")[0]
    assert questions[2].stem[:20] in flagged_section and questions[0].stem[:20] not in flagged_section
