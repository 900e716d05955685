import datetime

from django.db.models import F, Q
from django.utils import timezone

from .models import ExamRule, ExamSubject


def exam_rule_for(subject: ExamSubject, on: datetime.date | None = None) -> ExamRule:
    """The exam rule in force for ``subject`` on ``on`` (today by default).

    The subject's own rule wins over the general one; within each, the latest effective date not
    after ``on``. With nothing seeded, an unsaved rule carrying the statutory defaults.
    """
    on = on or timezone.localdate()
    rule = (
        ExamRule.objects.filter(Q(subject=subject) | Q(subject__isnull=True), effective_from__lte=on)
        .order_by(F("subject_id").asc(nulls_last=True), "-effective_from")
        .first()
    )
    return rule or ExamRule(subject=None, effective_from=on)
