"""The hazard loop (闭环整改, work plan item 7): a substantiated report gets a rectification order
with a deadline and a responsible unit; a 复查 (follow-up inspection) records whether it was put right.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .reports import TipOff


class ReviewResult(models.TextChoices):
    RECTIFIED = "rectified", _("已整改")
    NOT_RECTIFIED = "not_rectified", _("未整改")


class RectificationOrder(models.Model):
    """One order (整改要求) of a report. A 复查 "not rectified" ends it; a new order may follow.
    The newest order of a report is its current one."""

    tipoff = models.ForeignKey(
        TipOff, verbose_name=_("举报"), on_delete=models.CASCADE, related_name="rectification_orders"
    )
    requirements = models.TextField(_("整改要求"), max_length=3000)
    responsible_unit = models.CharField(_("责任单位"), max_length=200)
    deadline = models.DateField(_("整改期限"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("下达人"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("下达时间"), default=timezone.now)
    review_result = models.CharField(_("复查结果"), max_length=20, choices=ReviewResult.choices, blank=True)
    reviewed_on = models.DateField(_("复查日期"), null=True, blank=True)
    review_note = models.TextField(_("复查说明"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复查登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = _("整改要求")
        verbose_name_plural = _("整改要求")
        constraints = [
            # At most one order awaiting its 复查 per report.
            models.UniqueConstraint(
                fields=["tipoff"], condition=Q(review_result=""), name="rectification_one_pending_per_tipoff"
            ),
            models.CheckConstraint(
                condition=Q(review_result="", reviewed_on__isnull=True, reviewed_by__isnull=True)
                | ~Q(review_result="") & Q(reviewed_on__isnull=False, reviewed_by__isnull=False),
                name="rectification_review_complete",
            ),
        ]
        indexes = [models.Index(fields=["review_result", "deadline"])]

    def __str__(self) -> str:
        return f"{self.tipoff_id}:{self.deadline}"

    @property
    def is_overdue(self) -> bool:
        return self.review_result != ReviewResult.RECTIFIED and self.deadline < timezone.localdate()
