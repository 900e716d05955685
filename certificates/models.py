"""考核发证: the register of 安全资格证 and 特种作业操作证 (DESIGN §3, §4).

Certificate rules (validity, 复审 interval and hours) are effective-dated rows, never constants in
code. A certificate's status (有效 / 待复审 / 已过期 / 已注销) is derived from its dates and its
revocation as of a given day (:meth:`Certificate.status_on`, and the same ranges in SQL in
``selectors.certificates_with_status``); it is never a stored flag that could go stale.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Enterprise, Industry, PersonCategory, Town

# 待复审 starts this many days before the 复审 due date (the first reminder goes out then too).
REVIEW_WINDOW_DAYS = 90
REMINDER_THRESHOLDS = (90, 30)


class CertificateKind(models.TextChoices):
    SAFETY_QUALIFICATION = "safety_qualification", _("安全资格证")
    SPECIAL_OPERATION = "special_operation", _("特种作业操作证")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("有效")
    DUE_REVIEW = "due_review", _("待复审")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", _("已注销")


# Industry is stored as its code without model choices, so a new industry in accounts (煤矿) needs
# no migration here; labels come from accounts' choices, with 煤矿 until accounts has it.
_EXTRA_INDUSTRIES = {"coal_mine": _("煤矿")}


def industry_choices() -> list[tuple[str, str]]:
    choices = list(Industry.choices)
    known = {value for value, _label in choices}
    choices += [(value, label) for value, label in _EXTRA_INDUSTRIES.items() if value not in known]
    return choices


def industry_label(value: str) -> str:
    return str(dict(industry_choices()).get(value, value))


class CertificateRule(models.Model):
    """Validity and 复审 rules of one certificate category, in force from ``effective_from``.

    安全资格证 rows are per person category (主要负责人 / 安全生产管理人员) and industry; 特种作业操作证
    rows per operation (操作项目, e.g. 低压电工作业, within its 作业类别 电工作业). The row in force on a
    day is the latest one whose ``effective_from`` has come; rows are add-only once in force.
    """

    kind = models.CharField(_("证书类型"), max_length=32, choices=CertificateKind.choices)
    person_category = models.CharField(_("人员类别"), max_length=32, choices=PersonCategory.choices)
    industry = models.CharField(_("行业"), max_length=32, blank=True, help_text=_("仅安全资格证填写。"))
    operation_group = models.CharField(_("作业类别"), max_length=100, blank=True)
    operation = models.CharField(_("操作项目"), max_length=100, blank=True, help_text=_("仅特种作业操作证填写。"))
    effective_from = models.DateField(_("生效日期"))
    validity_years = models.PositiveSmallIntegerField(_("有效期（年）"))
    review_interval_years = models.PositiveSmallIntegerField(
        _("复审周期（年）"), null=True, blank=True, help_text=_("不需复审时留空。")
    )
    review_hours = models.PositiveSmallIntegerField(_("复审培训学时"), default=0)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "person_category", "industry", "operation_group", "operation", "-effective_from"]
        verbose_name = _("发证规则")
        verbose_name_plural = _("发证规则")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person_category", "industry", "operation", "effective_from"],
                name="certificates_rule_unique_category_date",
            ),
            models.CheckConstraint(condition=Q(validity_years__gt=0), name="certificates_rule_validity_positive"),
            models.CheckConstraint(
                condition=Q(review_interval_years__isnull=True) | Q(review_interval_years__gt=0),
                name="certificates_rule_interval_positive",
            ),
            # 安全资格证: a manager category and an industry, no operation; 特种作业: an operation only.
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="safety_qualification",
                        person_category__in=["principal", "safety_manager"],
                        operation="",
                        operation_group="",
                    )
                    & ~Q(industry="")
                )
                | (Q(kind="special_operation", person_category="special_operator", industry="") & ~Q(operation="")),
                name="certificates_rule_category_shape",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {category_label(self)} {self.effective_from:%Y-%m-%d}"


def category_label(obj) -> str:
    """The category as printed: 主要负责人（危险化学品） or 低压电工作业 (rule or certificate)."""
    if obj.kind == CertificateKind.SAFETY_QUALIFICATION:
        return f"{PersonCategory(obj.person_category).label}（{industry_label(obj.industry)}）"
    return obj.operation


class SubjectCertificateMapping(models.Model):
    """Which certificate category a pass in an exam subject leads to, where the text match fails.

    Without a row the category is read from the subject itself (``selectors.subject_category``).
    """

    subject = models.OneToOneField(
        "exams.ExamSubject", verbose_name=_("考试科目"), on_delete=models.CASCADE, related_name="certificate_mapping"
    )
    kind = models.CharField(_("证书类型"), max_length=32, choices=CertificateKind.choices)
    person_category = models.CharField(_("人员类别"), max_length=32, choices=PersonCategory.choices)
    industry = models.CharField(_("行业"), max_length=32, blank=True)
    operation = models.CharField(_("操作项目"), max_length=100, blank=True)
    issues_certificate = models.BooleanField(_("合格后发证"), default=True)

    class Meta:
        verbose_name = _("科目发证对应")
        verbose_name_plural = _("科目发证对应")

    def __str__(self) -> str:
        return str(self.subject)


class Certificate(models.Model):
    """One 安全资格证 or 特种作业操作证: issued on a passed exam result, or imported from a legacy register."""

    number = models.CharField(_("证书编号"), max_length=32, unique=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("持证人账号"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="qualification_certificates",
    )
    holder_name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18, db_index=True)
    kind = models.CharField(_("证书类型"), max_length=32, choices=CertificateKind.choices)
    person_category = models.CharField(_("人员类别"), max_length=32, choices=PersonCategory.choices)
    industry = models.CharField(_("行业"), max_length=32, blank=True)
    operation_group = models.CharField(_("作业类别"), max_length=100, blank=True)
    operation = models.CharField(_("操作项目"), max_length=100, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("单位"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enterprise_name = models.CharField(_("单位名称"), max_length=200, blank=True)
    town = models.ForeignKey(
        Town, verbose_name=_("乡镇"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_on = models.DateField(_("初领日期"))
    valid_until = models.DateField(_("有效期至"))
    next_review_due = models.DateField(_("下次复审日期"), null=True, blank=True)
    rule = models.ForeignKey(
        CertificateRule, verbose_name=_("发证规则"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_booking = models.ForeignKey(
        "bookings.Booking",
        verbose_name=_("考试预约"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported = models.BooleanField(_("台账导入"), default=False)
    revoked_at = models.DateTimeField(_("注销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("注销原因"), max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("注销人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    # Nothing links to these rows from content; skip Wagtail's reference index on every write.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("证书")
        verbose_name_plural = _("证书台账")
        permissions = [
            ("revoke_certificate", _("可以注销证书")),
            ("review_certificate", _("可以登记复审")),
            ("import_certificate", _("可以导入证书台账")),
        ]
        indexes = [
            models.Index(fields=["valid_until"], name="certificates_cert_valid_until"),
            models.Index(fields=["next_review_due"], name="certificates_cert_review_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("issued_on")), name="certificates_cert_expiry_after_issue"
            ),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True) | Q(next_review_due__gt=models.F("issued_on")),
                name="certificates_cert_review_after_issue",
            ),
            # Revoked means a time and a reason, together.
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_reason="")
                | (Q(revoked_at__isnull=False) & ~Q(revoked_reason="")),
                name="certificates_cert_revocation_complete",
            ),
            # One exam result issues at most one certificate, however often it is re-imported.
            models.UniqueConstraint(
                fields=["source_booking"],
                condition=Q(source_booking__isnull=False),
                name="certificates_cert_one_per_booking",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def category(self) -> str:
        return category_label(self)

    @property
    def industry_display(self) -> str:
        return industry_label(self.industry) if self.industry else ""

    def status_on(self, today: datetime.date) -> str:
        """The status as of ``today`` (a :class:`CertificateStatus` value), checked in this order:

        - 已注销: revoked on or before ``today``;
        - 已过期: ``today`` is after ``valid_until`` (the last valid day);
        - 待复审: the certificate has a 复审 due date and ``today`` is within ``REVIEW_WINDOW_DAYS``
          (90) days before it, on it, or past it (overdue, but the certificate has not expired);
        - 有效: otherwise.
        """
        if self.revoked_at is not None and self.revoked_at.date() <= today:
            return CertificateStatus.REVOKED
        if today > self.valid_until:
            return CertificateStatus.EXPIRED
        if self.next_review_due is not None and today >= self.next_review_due - datetime.timedelta(
            days=REVIEW_WINDOW_DAYS
        ):
            return CertificateStatus.DUE_REVIEW
        return CertificateStatus.VALID

    def status_label_on(self, today: datetime.date) -> str:
        return str(CertificateStatus(self.status_on(today)).label)


class ReviewRecord(models.Model):
    """复审: one review of a certificate, with the training hours counted and its outcome."""

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("证书"), on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField(_("复审日期"))
    due_date = models.DateField(_("应复审日期"))
    training_hours = models.DecimalField(_("已完成复审培训学时"), max_digits=6, decimal_places=2)
    required_hours = models.PositiveSmallIntegerField(_("要求学时"))
    passed = models.BooleanField(_("复审合格"))
    new_review_due = models.DateField(_("新的复审日期"), null=True, blank=True)
    new_valid_until = models.DateField(_("新的有效期至"), null=True, blank=True)
    booking = models.ForeignKey(
        "bookings.Booking",
        verbose_name=_("考试预约"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("复审记录")
        verbose_name_plural = _("复审记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(passed=False) | Q(new_review_due__isnull=False), name="certificates_review_pass_has_due"
            ),
            models.UniqueConstraint(
                fields=["booking"], condition=Q(booking__isnull=False), name="certificates_review_one_per_booking"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.reviewed_on:%Y-%m-%d}"


class ReminderKind(models.TextChoices):
    EXPIRY = "expiry", _("有效期届满")
    REVIEW = "review", _("复审到期")


class ReminderSent(models.Model):
    """A reminder that went out; unique, so each threshold of each due date is reminded once."""

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("证书"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("提醒类型"), max_length=16, choices=ReminderKind.choices)
    threshold_days = models.PositiveSmallIntegerField(_("提前天数"))
    due_date = models.DateField(_("到期日"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("到期提醒")
        verbose_name_plural = _("到期提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "kind", "threshold_days", "due_date"], name="certificates_reminder_once"
            ),
            models.CheckConstraint(condition=Q(threshold_days__in=[90, 30]), name="certificates_reminder_threshold"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} {self.kind} {self.threshold_days}"


class CertificateNotice(models.Model):
    """A message in the holder's account, shown on 我的证书 (the SMS says the same)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="certificate_notices"
    )
    certificate = models.ForeignKey(
        Certificate, verbose_name=_("证书"), on_delete=models.CASCADE, related_name="notices"
    )
    body = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("证书通知")
        verbose_name_plural = _("证书通知")

    def __str__(self) -> str:
        return self.body
