"""Tip-offs (举报): reports, attachments, messages and the public timeline.

Privacy invariants (DESIGN §6) held here: no field for an IP address or user agent; identity only as
ciphertext; the receipt code only as a keyed hash; an anonymous report is never linked to an account.
"""

from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edu_platform.private_storage import PrivateFolderStorage
from edu_platform.private_storage import private_root as _private_root

SOON_DUE_DAYS = 7


def overdue_cutoff():
    """The instant before which a due date counts as past: the start of today in the site's time zone.

    A deadline is a day (办结期限 2026-03-01 means "by the end of that day", Asia/Shanghai), so a
    report is overdue from the next local midnight on, never earlier the same day.
    """
    today = timezone.localdate()
    return timezone.make_aware(datetime.combine(today, time.min))


def sector_choices():
    # A callable, so accounts adding an industry (煤矿) needs no tipoffs migration.
    from accounts.models import Industry

    return Industry.choices


def private_root() -> Path:
    return _private_root("TIPOFFS_PRIVATE_ROOT", "tipoffs")


def private_storage() -> PrivateFolderStorage:
    """The attachments' storage (a callable, so migrations name it and not a path)."""
    return PrivateFolderStorage(setting="TIPOFFS_PRIVATE_ROOT", folder="tipoffs")


class Category(models.TextChoices):
    MAJOR_HAZARD = "major_hazard", _("重大事故隐患")
    ILLEGAL_OPERATION = "illegal_operation", _("非法违法生产经营建设行为")
    CONCEALED_ACCIDENT = "concealed_accident", _("瞒报谎报事故")
    NINE_SMALL_PLACES = "nine_small_places", _("九小场所隐患")
    METHANOL_FUEL = "methanol_fuel", _("醇基燃料")
    OTHER = "other", _("其他")


class Source(models.TextChoices):
    ONLINE = "online", _("网上举报")
    HOTLINE = "hotline_12350", _("12350 电话")
    LETTER = "letter", _("来信")
    VISIT = "visit", _("来访")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    DECLINED = "declined", _("不予受理")
    VERIFYING = "verifying", _("核查中")
    CONCLUDED = "concluded", _("已办结")
    CLOSED = "closed", _("已归档")


class Finding(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("属实")
    PARTIALLY = "partially", _("部分属实")
    UNSUBSTANTIATED = "unsubstantiated", _("不属实")


class AccidentGrade(models.TextChoices):
    GENERAL = "general", _("一般事故")
    LARGER = "larger", _("较大事故")
    MAJOR = "major", _("重大事故")
    EXTRAORDINARY = "extraordinary", _("特别重大事故")


OPEN_STATUSES = [Status.ACCEPTED, Status.VERIFYING]


class TipOff(models.Model):
    number = models.CharField(_("举报编号"), max_length=20, unique=True)
    receipt_hash = models.CharField(_("回执码摘要"), max_length=64, unique=True, editable=False)
    category = models.CharField(_("举报类别"), max_length=32, choices=Category.choices)
    sector = models.CharField(_("行业领域"), max_length=32, choices=sector_choices, blank=True, db_index=True)
    town = models.ForeignKey(
        "accounts.Town", verbose_name=_("乡镇/开发区"), on_delete=models.PROTECT, related_name="tipoffs"
    )
    place_name = models.CharField(_("被举报单位或场所"), max_length=200)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    description = models.TextField(_("举报内容"), max_length=5000)
    observed_when = models.CharField(_("发现时间"), max_length=100, blank=True)
    is_anonymous = models.BooleanField(_("匿名举报"), default=True)
    identity_ciphertext = models.BinaryField(_("身份信息（加密）"), blank=True, default=b"", editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("关联账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices, default=Source.ONLINE)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    finding = models.CharField(_("核查结论"), max_length=20, choices=Finding.choices, blank=True)
    decline_reason = models.TextField(_("不予受理理由"), blank=True)
    outcome_public = models.TextField(_("告知举报人的处理结果"), blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("办结期限"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延期天数"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("延期申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_requested_at = models.DateTimeField(_("延期申请时间"), null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("延期批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_approved_at = models.DateTimeField(_("延期批准时间"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    matter = models.ForeignKey(
        "self",
        verbose_name=_("同一事项的首报"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    fine_amount = models.DecimalField(_("罚款金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    concealed_deaths = models.PositiveSmallIntegerField(_("查实瞒报谎报死亡人数"), null=True, blank=True)
    accident_deaths = models.PositiveSmallIntegerField(_("事故死亡总人数"), null=True, blank=True)
    accident_grade = models.CharField(_("事故等级"), max_length=20, choices=AccidentGrade.choices, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        permissions = [
            ("handle_tipoff", _("受理和办理举报")),
            ("lead_tipoff", _("查看全部举报与身份信息、批准延期")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(is_anonymous=False), name="tipoff_anonymous_never_linked"
            ),
            # The upper bound is rule data (HandlingRule.max_extension_days), checked by the service.
            models.CheckConstraint(
                condition=Q(extension_days__isnull=True) | Q(extension_days__gte=1), name="tipoff_extension_positive"
            ),
            models.CheckConstraint(
                condition=Q(accident_deaths__isnull=True)
                | Q(concealed_deaths__isnull=True)
                | Q(concealed_deaths__lte=F("accident_deaths")),
                name="tipoff_concealed_within_total_deaths",
            ),
            models.CheckConstraint(
                condition=Q(extension_approved_by__isnull=True) | ~Q(extension_approved_by=F("extension_requested_by")),
                name="tipoff_extension_other_approver",
            ),
            models.CheckConstraint(condition=~Q(matter=F("id")), name="tipoff_matter_not_self"),
            models.CheckConstraint(
                condition=~Q(status=Status.CONCLUDED) | ~Q(finding=""), name="tipoff_concluded_has_finding"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at is not None and self.due_at < overdue_cutoff()

    @property
    def is_soon_due(self) -> bool:
        if not self.is_open or self.due_at is None:
            return False
        cutoff = overdue_cutoff()
        return cutoff <= self.due_at < cutoff + timedelta(days=SOON_DUE_DAYS + 1)

    @property
    def matter_root_id(self) -> int:
        """The report that stands for the matter (its first report): the lock and reward key."""
        return self.matter_id or self.pk

    @property
    def extension_pending(self) -> bool:
        return self.extension_requested_at is not None and self.extension_approved_at is None


class MessageDirection(models.TextChoices):
    FROM_REPORTER = "from_reporter", _("举报人")
    TO_REPORTER = "to_reporter", _("受理人员")


class TipOffMessage(models.Model):
    tipoff = models.ForeignKey(TipOff, verbose_name=_("举报"), on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(_("方向"), max_length=20, choices=MessageDirection.choices)
    body = models.TextField(_("内容"), max_length=5000, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发送人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("举报留言")
        verbose_name_plural = _("举报留言")
        constraints = [
            models.CheckConstraint(
                condition=Q(direction=MessageDirection.TO_REPORTER) | Q(author__isnull=True),
                name="tipoffmessage_reporter_has_no_author",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tipoff_id}:{self.direction}"


class TipOffAttachment(models.Model):
    tipoff = models.ForeignKey(TipOff, verbose_name=_("举报"), on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        TipOffMessage,
        verbose_name=_("留言"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), storage=private_storage, upload_to="%Y/%m/", max_length=200)
    display_name = models.CharField(_("文件名"), max_length=120)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("举报附件")
        verbose_name_plural = _("举报附件")

    def __str__(self) -> str:
        return self.display_name


class TipOffEvent(models.Model):
    """One step of the public timeline the reporter sees (never names a person)."""

    tipoff = models.ForeignKey(TipOff, verbose_name=_("举报"), on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    public_note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("办理进度")
        verbose_name_plural = _("办理进度")

    def __str__(self) -> str:
        return f"{self.tipoff_id}:{self.status}"
