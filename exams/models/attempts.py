from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .banks import Question, QuestionType
from .blueprints import Blueprint
from .subjects import ExamRule, ExamSubject


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("答题中")
    SUBMITTED = "submitted", _("已交卷")
    EXPIRED = "expired", _("超时自动交卷")


class Attempt(models.Model):
    """答卷: one sitting of a mock exam (模拟考试), drawn from the subject's blueprint.

    The server owns ``deadline``; an attempt still open after it is closed and graded with the
    deadline as its finish time (DESIGN §6).
    """

    # Learner records, not content: keep them out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("考生"), on_delete=models.CASCADE, related_name="exam_attempts"
    )
    subject = models.ForeignKey(
        ExamSubject, verbose_name=_("考试科目"), on_delete=models.PROTECT, related_name="attempts"
    )
    blueprint = models.ForeignKey(
        Blueprint, verbose_name=_("组卷规则"), on_delete=models.PROTECT, related_name="attempts"
    )
    # The exam rule in force at the start, which gave max_score, pass_mark and the deadline (NULL
    # when no rule was seeded and the statutory defaults applied).
    exam_rule = models.ForeignKey(
        ExamRule,
        verbose_name=_("考试规则"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attempts",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("开始时间"))
    deadline = models.DateTimeField(_("截止时间"))
    finished_at = models.DateTimeField(_("交卷时间"), null=True, blank=True)
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2)
    pass_mark = models.DecimalField(_("合格分数"), max_digits=6, decimal_places=2)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("是否合格"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("模拟考试答卷")
        verbose_name_plural = _("模拟考试答卷")
        constraints = [
            # One open attempt per candidate and subject: a second "start" resumes the first.
            models.UniqueConstraint(
                fields=["user", "subject"],
                condition=models.Q(status="in_progress"),
                name="exams_attempt_one_open_per_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("started_at")), name="exams_attempt_deadline_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(status="in_progress") | models.Q(finished_at__isnull=False, score__isnull=False),
                name="exams_attempt_closed_is_graded",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="exams_attempt_deadline_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.subject} · {self.started_at:%Y-%m-%d %H:%M}"


class AttemptQuestion(models.Model):
    """One question of an attempt as drawn, with the option order the candidate saw and their answer.

    The question is copied at draw time (``question_type``, ``stem``, ``options``, ``key``,
    ``explanation``, ``chapter_name``, ``image``): grading, review, the result page and item
    statistics read the copy, so editing a question or re-importing a bank never changes an open
    or finished attempt. Columns rather than one JSON blob, so the question screen can leave
    ``key`` and ``explanation`` unread (``.only()``), the database can hold the copy's rules
    (a non-empty key, a known type), and statistics can group by type in SQL.
    ``question`` stays as the link to the bank (wrong-answer book, statistics per question).

    ``option_order`` lists canonical option indexes in display order (e.g. [2, 0, 3, 1]);
    ``answer`` and ``key`` hold canonical letters, so grading never depends on the shuffle.
    """

    # Learner records, not content: keep them out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    attempt = models.ForeignKey(Attempt, verbose_name=_("答卷"), on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, verbose_name=_("试题"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("题号"))
    points = models.DecimalField(_("分值"), max_digits=5, decimal_places=2)
    question_type = models.CharField(_("题型"), max_length=16, choices=QuestionType.choices)
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list, blank=True)  # canonical order, as drawn
    key = models.CharField(_("标准答案"), max_length=8)
    explanation = models.TextField(_("解析"), blank=True)
    chapter_name = models.CharField(_("章节"), max_length=500, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("图片"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    option_order = models.JSONField(_("选项顺序"), default=list)
    answer = models.CharField(_("作答"), max_length=8, blank=True)
    flagged = models.BooleanField(_("标记"), default=False)
    answered_at = models.DateTimeField(_("作答时间"), null=True, blank=True)
    is_correct = models.BooleanField(_("是否正确"), null=True, blank=True)
    awarded = models.DecimalField(_("得分"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        verbose_name = _("答卷试题")
        verbose_name_plural = _("答卷试题")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="exams_attempt_item_unique_position"),
            models.UniqueConstraint(fields=["attempt", "question"], name="exams_attempt_item_unique_question"),
            models.CheckConstraint(condition=~models.Q(key=""), name="exams_attempt_item_key_not_empty"),
            models.CheckConstraint(
                condition=models.Q(question_type__in=["true_false", "single", "multiple"]),
                name="exams_attempt_item_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}#{self.position}"
