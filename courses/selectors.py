"""Reads shared by course pages, the enterprise page, exports and the bookings app."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Enterprise, User
from exams.models import ExamSubject

from .models import MINUTES_PER_TRAINING_HOUR, Course, Enrolment, Lesson, LessonProgress
from .training_hours import (  # noqa: F401 — re-exported: bookings and certificates import them from here
    Requirement,
    RequirementKind,
    training_hours_between,
    training_requirement,
    training_requirement_met,
    training_requirements,
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


@dataclass
class StaffHours:
    """One of an enterprise's staff with the requirement the rule asks of them today."""

    user: User
    requirement: Requirement


def enterprise_staff_hours(enterprise: Enterprise, *, on: datetime.date | None = None) -> list[StaffHours]:
    """Each of the enterprise's active staff with their training requirement on ``on`` (today).

    Three queries whatever the staff count: the staff, the rules in force, their completions.
    """
    staff = list(
        User.objects.filter(enterprise=enterprise, is_active=True)
        .select_related("enterprise")
        .order_by("person_category", "real_name", "username")
    )
    requirements = training_requirements(staff, on=on)
    return [StaffHours(member, requirements[member.pk]) for member in staff]


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
