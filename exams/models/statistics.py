from django.db import models
from django.utils.translation import gettext_lazy as _

from .banks import Question
from .subjects import ExamSubject


class QuestionStatistic(models.Model):
    """Item statistics over graded attempts, as Moodle defines them (DESIGN §6); computed in the
    background. ``facility`` = mean mark / max mark (%); ``discrimination`` = 100 · corr(item
    mark, rest of the paper) with sample variances; None where undefined (too few attempts, or
    zero variance)."""

    # Learner records, not content: keep them out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    question = models.OneToOneField(
        Question, verbose_name=_("试题"), on_delete=models.CASCADE, related_name="statistic"
    )
    attempts = models.PositiveIntegerField(_("作答人次"), default=0)
    facility = models.FloatField(_("难度指数（得分率%）"), null=True, blank=True)
    discrimination = models.FloatField(_("区分度指数"), null=True, blank=True)
    flagged = models.BooleanField(_("需复核"), default=False)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("试题统计")
        verbose_name_plural = _("试题统计")

    def __str__(self) -> str:
        return str(self.question_id)


class SubjectStatistic(models.Model):
    """Pass rate and score histogram of a subject's graded mock exams; computed in the background."""

    # Learner records, not content: keep them out of Wagtail's reference index (a query per save).
    wagtail_reference_index_ignore = True

    subject = models.OneToOneField(
        ExamSubject, verbose_name=_("考试科目"), on_delete=models.CASCADE, related_name="statistic"
    )
    attempts = models.PositiveIntegerField(_("答卷数"), default=0)
    passed = models.PositiveIntegerField(_("合格数"), default=0)
    mean_score = models.FloatField(_("平均分"), null=True, blank=True)
    histogram = models.JSONField(_("分数分布"), default=list, blank=True)  # [["0–9", n], ["10–19", n], …]
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("科目统计")
        verbose_name_plural = _("科目统计")

    def __str__(self) -> str:
        return str(self.subject_id)
