"""Training courses, lessons, enrolments, study progress and completion certificates.

1 学时 (training hour) = 45 minutes of lessons (生产经营单位安全培训规定 counts class hours of 45 minutes),
so a learner's training hours are the minutes of the lessons they completed divided by 45.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from accounts.models import Industry, PersonCategory

MINUTES_PER_TRAINING_HOUR = 45


def industry_choices() -> list[tuple[str, str]]:
    """The accounts app's industries, read when a form is built.

    A callable, so a new industry there (e.g. 煤矿) needs no migration here.
    """
    return list(Industry.choices)


class TrainingType(models.TextChoices):
    INITIAL = "initial", _("初训")
    REFRESHER = "refresher", _("复训（年度再培训）")
    RECERTIFICATION = "recertification", _("复审培训")


class CoverColour(models.TextChoices):
    # Dark enough for white text at WCAG AA (≥ 4.5:1).
    BLUE = "blue", _("蓝色")
    GREEN = "green", _("绿色")
    ORANGE = "orange", _("橙色")
    RED = "red", _("红色")
    PURPLE = "purple", _("紫色")


def validate_own_media_url(value: str) -> None:
    """Videos come from our own media storage only: no external host may be embedded."""
    media_url = settings.MEDIA_URL
    if not value.startswith(media_url) or "//" in value[len(media_url) :] or ".." in value:
        raise ValidationError(
            _("视频地址必须是本站媒体文件路径，以 %(prefix)s 开头，例如 %(prefix)scourses/lesson1.mp4。"),
            params={"prefix": media_url},
        )


class Course(ClusterableModel):
    """课程: a training course made of lessons, for one person category and training type."""

    title = models.CharField(_("课程名称"), max_length=120)
    summary = models.CharField(_("简介"), max_length=250, help_text=_("在课程列表中显示的一两句话。"))
    description = models.TextField(_("课程说明"), blank=True, help_text=_("纯文本，空行分段。"))
    person_category = models.CharField(_("培训对象"), max_length=32, choices=PersonCategory.choices)
    training_type = models.CharField(_("培训类型"), max_length=20, choices=TrainingType.choices)
    industry = models.CharField(
        _("行业"), max_length=32, choices=industry_choices, blank=True, help_text=_("不限行业时留空。")
    )
    subjects = models.ManyToManyField(
        "exams.ExamSubject",
        verbose_name=_("对应考试科目"),
        blank=True,
        related_name="courses",
        help_text=_("完成本课程的学时计入这些科目的报考培训学时。"),
    )
    cover_colour = models.CharField(_("封面颜色"), max_length=10, choices=CoverColour.choices, default=CoverColour.BLUE)
    is_published = models.BooleanField(_("已发布"), default=False, help_text=_("发布后学员才能看到并报名。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["person_category", "training_type", "title"]
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")

    def __str__(self) -> str:
        return self.title


class Lesson(Orderable):
    """课时: one unit of a course with its study time in minutes (45 minutes = 1 学时)."""

    course = ParentalKey(Course, verbose_name=_("课程"), on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("课时标题"), max_length=120)
    body = models.TextField(_("学习内容"), help_text=_("纯文本，空行分段；网址不会变成链接。"))
    video_url = models.CharField(
        _("视频地址"),
        max_length=300,
        blank=True,
        validators=[validate_own_media_url],
        help_text=_("可选：本站媒体库中的 MP4 视频路径，如 /media/courses/lesson1.mp4。"),
    )
    minutes = models.PositiveSmallIntegerField(_("学习时长（分钟）"), help_text=_("45 分钟折合 1 学时。"))

    class Meta(Orderable.Meta):
        verbose_name = _("课时")
        verbose_name_plural = _("课时")
        constraints = [
            models.CheckConstraint(condition=models.Q(minutes__gte=1), name="courses_lesson_minutes_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Enrolment(models.Model):
    """A learner's place on a course; ``enrolled_by`` is the enterprise admin or staff who enrolled them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(Course, verbose_name=_("课程"), on_delete=models.PROTECT, related_name="enrolments")
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("报名人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("报名记录")
        verbose_name_plural = _("报名记录")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_enrolment_unique_user_course"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.course}"


class LessonProgress(models.Model):
    """When a learner first opened a lesson, the active study time credited to it, and when they completed it.

    ``active_seconds`` grows only through the lesson page's heartbeat (``services.lesson_heartbeat``),
    measured by the server's clock between a learner's accepted beats.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("学员"), on_delete=models.CASCADE, related_name="lesson_progress"
    )
    # PROTECT: a lesson someone studied carries their training hours; removing it would erase them.
    lesson = models.ForeignKey(Lesson, verbose_name=_("课时"), on_delete=models.PROTECT, related_name="progress")
    started_at = models.DateTimeField(_("开始学习时间"))
    active_seconds = models.PositiveIntegerField(_("有效学习时长（秒）"), default=0)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学习进度")
        verbose_name_plural = _("学习进度")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="courses_progress_unique_user_lesson"),
            models.CheckConstraint(
                condition=models.Q(completed_at__isnull=True) | models.Q(completed_at__gte=models.F("started_at")),
                name="courses_progress_completed_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson}"


class PendingEnrolment(models.Model):
    """A course place waiting for an invited person (enterprise Excel upload): enrolled on acceptance.

    ``enrolment`` is set when the person accepts the staff invitation and is enrolled; until then
    the enterprise knows only the invitation, never whether the person has an account.
    """

    invitation = models.ForeignKey(
        "accounts.StaffInvitation",
        verbose_name=_("员工邀请"),
        on_delete=models.CASCADE,
        related_name="pending_enrolments",
    )
    course = models.ForeignKey(Course, verbose_name=_("课程"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报名人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("报名记录"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("待确认报名")
        verbose_name_plural = _("待确认报名")
        constraints = [
            models.UniqueConstraint(fields=["invitation", "course"], name="courses_pending_enrolment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.invitation} · {self.course}"


class StudyPresence(models.Model):
    """The one lesson a learner is studying now and the server time of their last accepted heartbeat.

    One row per learner, locked by every heartbeat: this is what keeps two tabs from both accruing.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("学员"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="study_presence",
    )
    lesson = models.ForeignKey(
        Lesson, verbose_name=_("当前课时"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_beat_at = models.DateTimeField(_("最近一次计时"), null=True, blank=True)

    class Meta:
        verbose_name = _("学习计时状态")
        verbose_name_plural = _("学习计时状态")

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson}"


class Certificate(models.Model):
    """结业证书 for a completed enrolment."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("报名记录"), on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("证书编号"), max_length=32, unique=True)
    issued_at = models.DateTimeField(_("发证时间"))

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("结业证书")
        verbose_name_plural = _("结业证书")

    def __str__(self) -> str:
        return self.number


class TrainingHoursRule(models.Model):
    """Statutory training hours for a person category and industry from a date (生产经营单位安全培训规定;
    DESIGN §3).

    Rules change by decree, so they are rows with an effective date, never constants in code. A row
    with no industry is the general rule; a row for an industry (the high-risk ones: 煤矿、非煤矿山、
    危险化学品、烟花爆竹、金属冶炼) takes precedence for people of that industry. Each amount is counted
    in a trailing window of whole months ending on the date asked (``*_window_months``): e.g. 12 means
    the 12 months up to and including that day. Rows are add-only once in force: a later row
    supersedes, nothing in force is edited (``services.training_hours_rule_update`` refuses).

    复审 (certificate review) hours are not here: the certificate rule that sets the review interval
    owns them (``certificates.CertificateRule.review_hours``); courses only supplies the hours done.
    """

    person_category = models.CharField(_("人员类别"), max_length=32, choices=PersonCategory.choices)
    # "" (not NULL) is the general rule, so the unique constraint below holds for it as well.
    industry = models.CharField(
        _("行业"),
        max_length=32,
        choices=industry_choices,
        blank=True,
        default="",
        help_text=_("留空为通用标准；填写行业时，该行业人员按本行标准。"),
    )
    effective_from = models.DateField(_("生效日期"))
    initial_hours = models.PositiveSmallIntegerField(_("初次培训学时"), default=0)
    initial_window_months = models.PositiveSmallIntegerField(
        _("初次培训计算期（月）"), default=12, help_text=_("初次培训学时在截至查询日的这段时间内累计。")
    )
    annual_hours = models.PositiveSmallIntegerField(_("每年再培训学时"), default=0)
    annual_window_months = models.PositiveSmallIntegerField(
        _("再培训计算期（月）"), default=12, help_text=_("12 表示截至查询日（含）的最近 12 个月。")
    )
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta:
        ordering = ["person_category", "industry", "-effective_from"]
        verbose_name = _("培训学时标准")
        verbose_name_plural = _("培训学时标准")
        constraints = [
            models.UniqueConstraint(
                fields=["person_category", "industry", "effective_from"], name="courses_hours_rule_unique_date"
            ),
            models.CheckConstraint(
                condition=models.Q(initial_window_months__gte=1) & models.Q(annual_window_months__gte=1),
                name="courses_hours_rule_windows_positive",
            ),
        ]

    def __str__(self) -> str:
        industry = self.get_industry_display() if self.industry else _("通用")
        return f"{self.get_person_category_display()} · {industry} {self.effective_from:%Y-%m-%d}"
