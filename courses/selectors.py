"""Reads shared by course pages, the enterprise page, exports and the bookings app."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Enterprise, User
from exams.models import ExamSubject

from .models import (
    HIGH_RISK_INDUSTRIES,
    MINUTES_PER_TRAINING_HOUR,
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    TrainingHoursRule,
)


def minutes_to_hours(minutes: int | None) -> float:
    """Training hours (学时, 45 minutes each), to one decimal place."""
    return round((minutes or 0) / MINUTES_PER_TRAINING_HOUR, 1)


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.datetime(year, 1, 1, tzinfo=tz),
        datetime.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def course_list(*, person_category: str = "", training_type: str = "") -> QuerySet[Course]:
    """Published courses with their lesson count and total minutes, optionally filtered."""
    courses = Course.objects.filter(is_published=True)
    if person_category:
        courses = courses.filter(person_category=person_category)
    if training_type:
        courses = courses.filter(training_type=training_type)
    return courses.annotate(
        lesson_count=Count("lessons"), total_minutes=Coalesce(Sum("lessons__minutes"), Value(0))
    ).order_by("person_category", "training_type", "title")


def published_course(pk: int) -> Course:
    """A published course with its lessons and exam subjects; raises ``Course.DoesNotExist`` otherwise."""
    return Course.objects.prefetch_related("lessons", "subjects").get(pk=pk, is_published=True)


def enrolment_for(user: User, course: Course) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.select_related("certificate").filter(user=user, course=course).first()


def progress_by_lesson(user: User, course: Course) -> dict[int, LessonProgress]:
    """The learner's progress rows on ``course``, keyed by lesson id."""
    if not user.is_authenticated:
        return {}
    return {p.lesson_id: p for p in LessonProgress.objects.filter(user=user, lesson__course=course)}


def training_minutes(
    user: User, *, year: int | None = None, course: Course | None = None, subject: ExamSubject | None = None
) -> int:
    """Minutes of lessons ``user`` completed (one aggregate query), narrowed by year, course or subject."""
    progress = LessonProgress.objects.filter(user=user, completed_at__isnull=False)
    if year is not None:
        start, end = _year_bounds(year)
        progress = progress.filter(completed_at__gte=start, completed_at__lt=end)
    if course is not None:
        progress = progress.filter(lesson__course=course)
    if subject is not None:
        progress = progress.filter(lesson__course__subjects=subject)
    return progress.aggregate(total=Coalesce(Sum("lesson__minutes"), Value(0)))["total"]


def training_requirement_met(user, subject: ExamSubject) -> bool:
    """Whether ``user`` has the training hours ``subject`` demands before a candidate may book.

    The one question ``bookings`` asks ``courses`` (DESIGN §2): hours completed in any course linked
    to the subject must reach ``subject.training_hours_required``; 0 means no requirement.
    """
    required = getattr(subject, "training_hours_required", 0)  # field gone from exams: dated rules replace it
    if required == 0:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    # Compare in minutes, so 32 学时 means exactly 1440 minutes, with no rounding.
    return training_minutes(user, subject=subject) >= required * MINUTES_PER_TRAINING_HOUR


def _completed_on_course() -> QuerySet[LessonProgress]:
    """Completed progress of the outer enrolment's user on its course, grouped for a Subquery."""
    return (
        LessonProgress.objects.filter(
            user=OuterRef("user"), lesson__course=OuterRef("course"), completed_at__isnull=False
        )
        .order_by()
        .values("user")
    )


def my_enrolments(user: User) -> QuerySet[Enrolment]:
    """The learner's enrolments with course, certificate and minutes done/total (one query)."""
    lesson_totals = (
        Lesson.objects.filter(course=OuterRef("course"))
        .order_by()
        .values("course")
        .annotate(total=Sum("minutes"), n=Count("pk"))
    )
    done = _completed_on_course().annotate(total=Sum("lesson__minutes"), n=Count("pk"))
    zero = Value(0)
    return (
        Enrolment.objects.filter(user=user)
        .select_related("course", "certificate")
        .annotate(
            total_minutes=Coalesce(Subquery(lesson_totals.values("total"), output_field=IntegerField()), zero),
            lesson_count=Coalesce(Subquery(lesson_totals.values("n"), output_field=IntegerField()), zero),
            done_minutes=Coalesce(Subquery(done.values("total"), output_field=IntegerField()), zero),
            done_count=Coalesce(Subquery(done.values("n"), output_field=IntegerField()), zero),
        )
        .order_by("-created_at")
    )


def percent(done: int, total: int) -> int:
    return int(done * 100 / total) if total else 0


def hours_rules_on(on: datetime.date | None = None) -> dict[tuple[str, bool], TrainingHoursRule]:
    """The training-hours rule in force on ``on`` for each (person category, high-risk) pair (one query)."""
    on = on or timezone.localdate()
    rules: dict[tuple[str, bool], TrainingHoursRule] = {}
    for rule in TrainingHoursRule.objects.filter(effective_from__lte=on).order_by("-effective_from"):
        rules.setdefault((rule.person_category, rule.high_risk), rule)
    return rules


@dataclass
class StaffHours:
    user: User
    minutes_this_year: int
    annual_hours_required: int

    @property
    def hours_this_year(self) -> float:
        return minutes_to_hours(self.minutes_this_year)

    @property
    def requirement_met(self) -> bool:
        return self.minutes_this_year >= self.annual_hours_required * MINUTES_PER_TRAINING_HOUR


def enterprise_staff_hours(enterprise: Enterprise, *, year: int) -> list[StaffHours]:
    """Each of the enterprise's staff with their training minutes in ``year`` and the yearly requirement.

    Two queries whatever the staff count: the staff with an aggregate, and the rules in force.
    """
    start, end = _year_bounds(year)
    staff = (
        User.objects.filter(enterprise=enterprise, is_active=True)
        .annotate(
            minutes_this_year=Coalesce(
                Sum(
                    "lesson_progress__lesson__minutes",
                    filter=Q(lesson_progress__completed_at__gte=start, lesson_progress__completed_at__lt=end),
                ),
                Value(0),
            )
        )
        .order_by("person_category", "real_name", "username")
    )
    rules = hours_rules_on(min(timezone.localdate(), datetime.date(year, 12, 31)))
    high_risk = enterprise.industry in HIGH_RISK_INDUSTRIES
    rows = []
    for member in staff:
        rule = rules.get((member.person_category, high_risk))
        rows.append(StaffHours(member, member.minutes_this_year, rule.annual_hours if rule else 0))
    return rows


def training_records(*, course_id: int | None = None, year: int | None = None) -> QuerySet[Enrolment]:
    """Enrolments with learner, enterprise, course, certificate and completed minutes, for the Excel export."""
    done = _completed_on_course().annotate(total=Sum("lesson__minutes")).values("total")
    records = Enrolment.objects.select_related("user__enterprise", "course", "certificate", "enrolled_by").annotate(
        done_minutes=Coalesce(Subquery(done, output_field=IntegerField()), Value(0))
    )
    if course_id:
        records = records.filter(course_id=course_id)
    if year:
        start, end = _year_bounds(year)
        records = records.filter(created_at__gte=start, created_at__lt=end)
    return records.order_by("course__title", "user__real_name", "user__username")
