"""Reads for the exam admins' pages; each does its own joins so a page cannot grow an N+1."""

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum

from .models import Attempt, AttemptStatus, Blueprint, QuestionBank, QuestionImport, QuestionStatistic, SubjectStatistic

GRADED = (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)


def banks_with_counts():
    return QuestionBank.objects.annotate(
        question_count=Count("questions"), active_count=Count("questions", filter=Q(questions__is_active=True))
    ).order_by("name")


def recent_imports(limit: int = 20):
    return QuestionImport.objects.select_related("bank", "created_by").order_by("-created_at")[:limit]


def blueprints_for_admin():
    return (
        Blueprint.objects.select_related("subject")
        .annotate(
            rule_count=Count("rules"),
            total_points=Sum(ExpressionWrapper(F("rules__count") * F("rules__points"), output_field=DecimalField())),
        )
        .order_by("subject__name", "-effective_from")
    )


def subject_statistics():
    return SubjectStatistic.objects.select_related("subject").order_by("subject__name")


def flagged_questions(limit: int = 200):
    return (
        QuestionStatistic.objects.filter(flagged=True)
        .select_related("question", "question__bank")
        .order_by("discrimination")[:limit]
    )


def question_statistics(limit: int = 200):
    return QuestionStatistic.objects.select_related("question", "question__bank").order_by("facility")[:limit]


def graded_attempts():
    return Attempt.objects.filter(status__in=GRADED).select_related("user", "subject").order_by("-finished_at")
