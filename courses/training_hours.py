"""Training-hour requirements from the dated ``TrainingHoursRule`` rows (reads only; DESIGN §3).

How a requirement is decided, for a person and a date ``on`` (default: today):

* The rule is the row in force on ``on`` for the person category and the industry of the person's
  enterprise; without a row for that industry, the general row (no industry). The category is the
  one the person is examined in when a subject is asked about (``subject.person_category``), else
  the one in their profile.
* Hours counted are lessons completed in courses for that category, or in courses linked to the
  subject asked about (45 minutes = 1 学时), completed on or before ``on``.
* **Initial or yearly.** We cannot see certificates here (courses imports neither bookings nor
  certificates, DESIGN §2), so initial training counts as done once the person reached the rule's
  initial hours inside one initial window (``initial_window_months``) that ended before the current
  yearly window started. Until then the initial hours are asked, counted in the initial window
  ending on ``on``; afterwards the yearly hours, counted in the yearly window ending on ``on``.
* Windows are trailing whole months including ``on``: 12 months on 2026-12-01 means
  2025-12-02 … 2026-12-01. So 48 h completed in 2016 make initial training done, but count
  nothing toward the 2026 yearly hours.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db import models
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from exams.models import ExamSubject

from .models import MINUTES_PER_TRAINING_HOUR, Course, LessonProgress, TrainingHoursRule


class RequirementKind(models.TextChoices):
    NONE = "none", _("无学时要求")
    INITIAL = "initial", _("初次培训")
    ANNUAL = "annual", _("年度再培训")


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier (the month's last day where that day does not exist)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def window_start(on: datetime.date, months: int) -> datetime.date:
    """First day of the trailing window of ``months`` that ends on (and includes) ``on``."""
    return months_before(on, months) + datetime.timedelta(days=1)


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def minutes_as_hours(minutes: int) -> Decimal:
    """学时 as a Decimal, rounded down to 0.01 so 359 minutes never reads as 8 学时."""
    return (Decimal(minutes) / MINUTES_PER_TRAINING_HOUR).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


@dataclass(frozen=True)
class Requirement:
    """What the rule asks of a person on a date, and what they have done toward it."""

    kind: str
    required_hours: int
    counted_minutes: int
    window_start: datetime.date | None
    window_end: datetime.date
    person_category: str
    industry: str
    rule: TrainingHoursRule | None

    @property
    def met(self) -> bool:
        # Compared in minutes: 32 学时 is exactly 1,440 minutes, no rounding.
        return self.counted_minutes >= self.required_hours * MINUTES_PER_TRAINING_HOUR

    @property
    def counted_hours(self) -> Decimal:
        return minutes_as_hours(self.counted_minutes)

    @property
    def missing_hours(self) -> Decimal:
        return max(Decimal(0), Decimal(self.required_hours) - self.counted_hours)

    @property
    def kind_label(self) -> str:
        return RequirementKind(self.kind).label


def hours_rule_for(person_category: str, industry: str, on: datetime.date) -> TrainingHoursRule | None:
    """The rule in force on ``on`` for the category in ``industry``, else the general one (one query)."""
    return _pick_rule(hours_rules_in_force(on), person_category, industry)


def hours_rules_in_force(on: datetime.date) -> dict[tuple[str, str], TrainingHoursRule]:
    """Every (category, industry) rule in force on ``on`` (one query)."""
    rules: dict[tuple[str, str], TrainingHoursRule] = {}
    for rule in TrainingHoursRule.objects.filter(effective_from__lte=on).order_by("-effective_from", "-pk"):
        rules.setdefault((rule.person_category, rule.industry), rule)
    return rules


def _pick_rule(rules, person_category: str, industry: str) -> TrainingHoursRule | None:
    return (industry and rules.get((person_category, industry))) or rules.get((person_category, ""))


def _initial_done_before(events: list[tuple[datetime.date, int]], before: datetime.date, rule) -> bool:
    """Whether the completions before ``before`` reach the initial hours inside one initial window."""
    needed = rule.initial_hours * MINUTES_PER_TRAINING_HOUR
    earlier = sorted(event for event in events if event[0] < before)
    total, first = 0, 0
    for day, minutes in earlier:
        total += minutes
        start = window_start(day, rule.initial_window_months)
        while earlier[first][0] < start:
            total -= earlier[first][1]
            first += 1
        if total >= needed:
            return True
    return False


def _decide(events, rule, *, on, person_category, industry) -> Requirement:
    def requirement(kind, hours, months):
        start = window_start(on, months) if months else None
        counted = sum(minutes for day, minutes in events if start is None or day >= start)
        return Requirement(kind, hours, counted, start, on, person_category, industry, rule)

    if rule is None or (rule.initial_hours == 0 and rule.annual_hours == 0):
        return requirement(RequirementKind.NONE, 0, None)
    yearly_start = window_start(on, rule.annual_window_months)
    if rule.initial_hours and not _initial_done_before(events, yearly_start, rule):
        return requirement(RequirementKind.INITIAL, rule.initial_hours, rule.initial_window_months)
    if rule.annual_hours == 0:
        return requirement(RequirementKind.NONE, 0, None)
    return requirement(RequirementKind.ANNUAL, rule.annual_hours, rule.annual_window_months)


def _events_by_user(progress) -> dict[int, list[tuple[datetime.date, int]]]:
    events: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    for user_id, completed_at, minutes in progress.values_list("user_id", "completed_at", "lesson__minutes"):
        events[user_id].append((timezone.localdate(completed_at), minutes))
    return events


def _industry_of(user: User) -> str:
    enterprise = getattr(user, "enterprise", None) if user.enterprise_id else None
    return enterprise.industry if enterprise is not None else ""


def training_requirement(user, subject: ExamSubject | None = None, *, on: datetime.date | None = None) -> Requirement:
    """The training-hours requirement for ``user`` on ``on`` (today by default), with the hours counted.

    Two queries (rules in force, completions), plus one for the enterprise when not already loaded.
    """
    on = on or timezone.localdate()
    category = subject.person_category if subject is not None else getattr(user, "person_category", "")
    industry = _industry_of(user) if getattr(user, "is_authenticated", False) else ""
    rule = hours_rule_for(category, industry, on)
    if not getattr(user, "is_authenticated", False):
        return _decide([], rule, on=on, person_category=category, industry=industry)
    courses = Course.objects.filter(person_category=category)
    if subject is not None:
        courses = Course.objects.filter(Q(person_category=category) | Q(subjects=subject))
    progress = LessonProgress.objects.filter(
        user=user,
        completed_at__isnull=False,
        completed_at__lt=_day_start(on + datetime.timedelta(days=1)),
        lesson__course__in=courses.values("pk"),
    )
    events = _events_by_user(progress).get(user.pk, [])
    return _decide(events, rule, on=on, person_category=category, industry=industry)


def training_requirement_met(user, subject: ExamSubject, *, on: datetime.date | None = None) -> bool:
    """Whether ``user`` has the training hours the rule asks before sitting ``subject`` (bookings asks this)."""
    return training_requirement(user, subject, on=on).met


def training_requirements(users: Iterable[User], *, on: datetime.date | None = None) -> dict[int, Requirement]:
    """Each user's requirement by their profile category (the enterprise page): three queries in all.

    ``users`` should come with ``enterprise`` selected.
    """
    on = on or timezone.localdate()
    users = list(users)
    rules = hours_rules_in_force(on)
    progress = LessonProgress.objects.filter(
        user__in=[user.pk for user in users],
        completed_at__isnull=False,
        completed_at__lt=_day_start(on + datetime.timedelta(days=1)),
        lesson__course__person_category=F("user__person_category"),
    )
    events = _events_by_user(progress)
    result = {}
    for user in users:
        industry = _industry_of(user)
        rule = _pick_rule(rules, user.person_category, industry)
        result[user.pk] = _decide(
            events.get(user.pk, []), rule, on=on, person_category=user.person_category, industry=industry
        )
    return result


def training_hours_between(
    user,
    start: datetime.date | datetime.datetime,
    end: datetime.date | datetime.datetime,
    *,
    training_type: str | None = None,
) -> Decimal:
    """学时 ``user`` completed from ``start`` to ``end`` (45 minutes = 1), in any course or one training type.

    Dates are whole local days, both included (2024-01-01 … 2024-12-31 is the year 2024); datetimes
    are a half-open span [start, end). Rounded down to 0.01, so a threshold such as 复审 ≥ 8 学时 is
    never reached by rounding. One query.
    """
    if not isinstance(start, datetime.datetime):
        start = _day_start(start)
    if not isinstance(end, datetime.datetime):
        end = _day_start(end + datetime.timedelta(days=1))
    progress = LessonProgress.objects.filter(user=user, completed_at__gte=start, completed_at__lt=end)
    if training_type:
        progress = progress.filter(lesson__course__training_type=training_type)
    minutes = progress.aggregate(total=Coalesce(Sum("lesson__minutes"), Value(0)))["total"]
    return minutes_as_hours(minutes)
