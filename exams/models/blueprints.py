from django.db import models
from django.utils.translation import gettext_lazy as _

from .banks import Chapter, QuestionType
from .subjects import ExamSubject


class Blueprint(models.Model):
    """组卷规则 for a subject, in force from ``effective_from`` (rules change; DESIGN §3).

    A blueprint only composes the paper. Full marks, pass mark and duration come from the exam
    rule in force (``ExamRule``) when an attempt starts; the blueprint's lines must add up to that
    rule's full marks (checked on save and again at draw).
    """

    subject = models.ForeignKey(
        ExamSubject, verbose_name=_("考试科目"), on_delete=models.CASCADE, related_name="blueprints"
    )
    name = models.CharField(_("名称"), max_length=100)
    effective_from = models.DateField(_("生效日期"))
    shuffle_options = models.BooleanField(_("选项乱序"), default=True)
    attempts_allowed = models.PositiveSmallIntegerField(_("允许模拟次数"), default=0, help_text=_("0 表示不限次数。"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["subject", "-effective_from"]
        verbose_name = _("组卷规则")
        verbose_name_plural = _("组卷规则")
        constraints = [
            models.UniqueConstraint(fields=["subject", "effective_from"], name="exams_blueprint_unique_subject_date"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.name}"


class BlueprintRule(models.Model):
    """One line of a blueprint: draw ``count`` questions of ``question_type`` (from ``chapter`` and
    its sub-chapters, or from any chapter) worth ``points`` each."""

    blueprint = models.ForeignKey(Blueprint, verbose_name=_("组卷规则"), on_delete=models.CASCADE, related_name="rules")
    question_type = models.CharField(_("题型"), max_length=16, choices=QuestionType.choices)
    chapter = models.ForeignKey(
        Chapter, verbose_name=_("章节"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("题数"))
    points = models.DecimalField(_("每题分值"), max_digits=5, decimal_places=2, default=1)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["blueprint", "sort_order", "pk"]
        verbose_name = _("组卷明细")
        verbose_name_plural = _("组卷明细")
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gt=0), name="exams_blueprint_rule_count_positive"),
            models.CheckConstraint(condition=models.Q(points__gt=0), name="exams_blueprint_rule_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_question_type_display()} × {self.count}"
