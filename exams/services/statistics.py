"""Item and subject statistics over graded mock exams (DESIGN §6, Moodle's definitions).

Run in the background (``exams_compute_statistics`` / ``statistics_compute_task``), never per
page view. One streaming pass over graded answers keeps running sums per question, so memory
grows with the number of questions, not with the number of answers.
"""

import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..models import AttemptQuestion, AttemptStatus, ExamSubject, QuestionStatistic, SubjectStatistic
from ..models.attempts import Attempt

FLAG_BELOW_DISCRIMINATION = 15.0
GRADED = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
HISTOGRAM_BUCKETS = 10  # 0–9 %, 10–19 %, …, 90–100 %


@dataclass
class _Sums:
    n: int = 0
    facility_sum: float = 0.0  # Σ mark / max mark
    x: float = 0.0  # item mark
    y: float = 0.0  # rest of the paper (total − item mark)
    xx: float = 0.0
    yy: float = 0.0
    xy: float = 0.0

    def add(self, mark: float, max_mark: float, total: float) -> None:
        rest = total - mark
        self.n += 1
        self.facility_sum += mark / max_mark if max_mark else 0.0
        self.x += mark
        self.y += rest
        self.xx += mark * mark
        self.yy += rest * rest
        self.xy += mark * rest


def facility_index(sums: _Sums) -> float | None:
    """F = mean mark / max mark, as a percentage."""
    return 100.0 * sums.facility_sum / sums.n if sums.n else None


def discrimination_index(sums: _Sums) -> float | None:
    """D = 100 · r(item mark, rest of paper), sample covariance over sample standard deviations;
    None with fewer than two answers or when either side does not vary."""
    n = sums.n
    if n < 2:
        return None
    cov = (sums.xy - sums.x * sums.y / n) / (n - 1)
    var_x = (sums.xx - sums.x * sums.x / n) / (n - 1)
    var_y = (sums.yy - sums.y * sums.y / n) / (n - 1)
    if var_x <= 1e-12 or var_y <= 1e-12:
        return None
    return 100.0 * cov / math.sqrt(var_x * var_y)


def histogram_bucket(percent: float) -> int:
    return min(int(percent // (100 / HISTOGRAM_BUCKETS)), HISTOGRAM_BUCKETS - 1)


def histogram_labels() -> list[str]:
    step = 100 // HISTOGRAM_BUCKETS
    return [f"{i * step}–{i * step + step - 1 if i < HISTOGRAM_BUCKETS - 1 else 100}" for i in range(HISTOGRAM_BUCKETS)]


@transaction.atomic
def statistics_compute() -> dict:
    """Recompute every question's and every subject's statistics from graded attempts."""
    now = timezone.now()
    per_question: dict[int, _Sums] = {}
    rows = (
        AttemptQuestion.objects.filter(attempt__status__in=GRADED)
        .values_list("question_id", "awarded", "points", "attempt__score")
        .iterator(chunk_size=5000)
    )
    for question_id, awarded, points, score in rows:
        per_question.setdefault(question_id, _Sums()).add(float(awarded or 0), float(points), float(score or 0))

    QuestionStatistic.objects.all().delete()
    stats = []
    for question_id, sums in per_question.items():
        discrimination = discrimination_index(sums)
        stats.append(
            QuestionStatistic(
                question_id=question_id,
                attempts=sums.n,
                facility=facility_index(sums),
                discrimination=discrimination,
                flagged=discrimination is not None and discrimination < FLAG_BELOW_DISCRIMINATION,
                computed_at=now,
            )
        )
    QuestionStatistic.objects.bulk_create(stats, batch_size=1000)

    SubjectStatistic.objects.all().delete()
    subjects = []
    for subject in ExamSubject.objects.annotate(graded=Count("attempts", filter=Q(attempts__status__in=GRADED))).filter(
        graded__gt=0
    ):
        histogram = [0] * HISTOGRAM_BUCKETS
        total = passed = 0
        score_sum = 0.0
        for score, max_score, was_passed in (
            Attempt.objects.filter(subject=subject, status__in=GRADED)
            .values_list("score", "max_score", "passed")
            .iterator(chunk_size=5000)
        ):
            total += 1
            passed += bool(was_passed)
            score_sum += float(score)
            percent = 100.0 * float(score) / float(max_score) if max_score else 0.0
            histogram[histogram_bucket(percent)] += 1
        subjects.append(
            SubjectStatistic(
                subject=subject,
                attempts=total,
                passed=passed,
                mean_score=score_sum / total,
                histogram=[[label, count] for label, count in zip(histogram_labels(), histogram, strict=True)],
                computed_at=now,
            )
        )
    SubjectStatistic.objects.bulk_create(subjects)
    return {"questions": len(stats), "subjects": len(subjects)}
