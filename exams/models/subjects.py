from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import PersonCategory


class ExamKind(models.TextChoices):
    KNOWLEDGE = "knowledge", _("安全知识（理论）考试")
    PRACTICAL = "practical", _("实际操作考试")


class ExamSubject(models.Model):
    """考试科目: what a candidate is examined in, e.g. 低压电工作业 or 危险化学品生产单位主要负责人."""

    code = models.SlugField(_("科目代码"), max_length=50, unique=True)
    name = models.CharField(_("科目名称"), max_length=100)
    person_category = models.CharField(_("人员类别"), max_length=32, choices=PersonCategory.choices)
    # The industry (主要负责人 / 安全生产管理人员) or the operation (特种作业), in words.
    field = models.CharField(_("行业或作业类别"), max_length=100, blank=True)
    kind = models.CharField(_("考试类型"), max_length=16, choices=ExamKind.choices, default=ExamKind.KNOWLEDGE)
    # 特种作业 subjects may add a practical part (实际操作考试); the results import then takes both
    # scores and the rule's ``practical_pass_mark`` applies to the second one.
    practical_required = models.BooleanField(
        _("需要实际操作考试"), default=False, help_text=_("勾选后，成绩导入需要理论和实操两个分数，均合格才算通过。")
    )
    banks = models.ManyToManyField("exams.QuestionBank", verbose_name=_("题库"), related_name="subjects", blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["person_category", "name"]
        verbose_name = _("考试科目")
        verbose_name_plural = _("考试科目")

    def __str__(self) -> str:
        return self.name


class ExamRule(models.Model):
    """The exam rules in force from a date (安全生产资格考试与证书管理暂行办法; DESIGN §3).

    The one source of full marks, pass mark(s) and duration: mock exams, results import and
    re-sits all read the rule in force (``exams.selectors.exam_rule_for``). Rules change by decree,
    so they are rows with an effective date, never constants in code, and they are add-only once in
    force (``exams.services.rules``): a later row supersedes, nothing is edited in place. A rule
    with no subject applies to every subject that has no rule of its own.
    """

    subject = models.ForeignKey(
        ExamSubject, verbose_name=_("考试科目"), on_delete=models.CASCADE, null=True, blank=True, related_name="rules"
    )
    effective_from = models.DateField(_("生效日期"))
    full_marks = models.PositiveSmallIntegerField(_("满分"), default=100)
    pass_mark = models.PositiveSmallIntegerField(_("合格分数"), default=80)
    practical_pass_mark = models.PositiveSmallIntegerField(
        _("实操合格分数"), default=80, help_text=_("科目需要实际操作考试时，实操成绩的合格线（百分制）。")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("考试时长（分钟）"), default=120)
    resits_allowed = models.PositiveSmallIntegerField(_("补考次数"), default=1)
    pass_valid_months = models.PositiveSmallIntegerField(_("合格成绩有效期（月）"), default=12)
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("考试规则")
        verbose_name_plural = _("考试规则")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__lte=models.F("full_marks")), name="exams_rule_pass_le_full"
            ),
            models.CheckConstraint(condition=models.Q(duration_minutes__gt=0), name="exams_rule_duration_positive"),
            models.CheckConstraint(condition=models.Q(full_marks__gt=0), name="exams_rule_full_marks_positive"),
            models.CheckConstraint(
                condition=models.Q(practical_pass_mark__lte=100), name="exams_rule_practical_pass_le_100"
            ),
            models.UniqueConstraint(fields=["subject", "effective_from"], name="exams_rule_unique_subject_date"),
            # NULL subjects never clash in a plain unique constraint: one general rule per date.
            models.UniqueConstraint(
                fields=["effective_from"],
                condition=models.Q(subject__isnull=True),
                name="exams_rule_unique_general_date",
                violation_error_message=_("该日期已有一条通用考试规则（不限科目），请换一个生效日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject or _('通用')} {self.effective_from:%Y-%m-%d}"
