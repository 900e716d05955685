"""Reads shared by the public pages, the admin inbox, the ledger export and the dashboard."""

from datetime import timedelta

from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import is_lead
from .crypto import receipt_code_normalise, receipt_hash
from .models import (
    OPEN_STATUSES,
    SOON_DUE_DAYS,
    RectificationOrder,
    ReviewResult,
    Reward,
    RewardStatus,
    TipOff,
    overdue_cutoff,
    sector_choices,
)


def tipoff_by_receipt_code(raw_code: str) -> TipOff | None:
    code = receipt_code_normalise(raw_code)
    if not code:
        return None
    return TipOff.objects.select_related("town").filter(receipt_hash=receipt_hash(code)).first()


def tipoff_follow_up(tipoff: TipOff) -> dict:
    """What the reporter's follow-up page shows: timeline, messages with their files, rewards."""
    return {
        "events": list(tipoff.events.all()),
        "thread": list(tipoff.messages.prefetch_related("attachments")),
        "rewards": list(tipoff.rewards.exclude(status=RewardStatus.PROPOSED).exclude(status=RewardStatus.REJECTED)),
        "rectification": tipoff.rectification_orders.order_by("-issued_at", "-pk").first(),
    }


def tipoff_inbox(
    user,
    *,
    status: str = "",
    category: str = "",
    sector: str = "",
    town: str = "",
    due: str = "",
    mine: bool = False,
) -> QuerySet[TipOff]:
    """The handlers' inbox. Handlers see unassigned reports and their own; leads see all."""
    qs = TipOff.objects.select_related("town", "assigned_to").annotate(message_count=Count("messages"))
    if not is_lead(user):
        qs = qs.filter(Q(assigned_to__isnull=True) | Q(assigned_to=user))
    if mine:
        qs = qs.filter(assigned_to=user)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if sector:
        qs = qs.filter(sector=sector)
    if town:
        qs = qs.filter(town_id=town)
    cutoff = overdue_cutoff()
    if due == "overdue":
        qs = qs.filter(status__in=OPEN_STATUSES, due_at__lt=cutoff)
    elif due == "soon":
        qs = qs.filter(
            status__in=OPEN_STATUSES, due_at__gte=cutoff, due_at__lt=cutoff + timedelta(days=SOON_DUE_DAYS + 1)
        )
    elif due == "extension":
        qs = qs.filter(extension_requested_at__isnull=False, extension_approved_at__isnull=True)
    return qs.order_by("-created_at")


def tipoff_detail(pk: int) -> TipOff:
    return (
        TipOff.objects.select_related("town", "assigned_to", "matter", "entered_by", "extension_requested_by")
        .prefetch_related("events", "messages__author", "attachments", "duplicates")
        .get(pk=pk)
    )


def reward_list(*, status: str = "") -> QuerySet[Reward]:
    qs = Reward.objects.select_related(
        "tipoff", "tipoff__town", "proposed_by", "approved_by", "reopened_by"
    ).prefetch_related("shares")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-proposed_at")


def dashboard_stats(*, year: int | None = None) -> dict:
    year = year or timezone.localdate().year
    tipoffs = TipOff.objects.all()

    def _span(start: str, end: str):
        return Avg(
            ExpressionWrapper(F(end) - F(start), output_field=DurationField()), filter=Q(**{f"{end}__isnull": False})
        )

    def _days(value) -> float | None:
        return round(value.total_seconds() / 86400, 1) if value is not None else None

    totals = tipoffs.aggregate(
        total=Count("id"),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_at__lt=overdue_cutoff())),
        to_acceptance=_span("created_at", "accepted_at"),
        to_closure=_span("accepted_at", "concluded_at"),
    )
    by_month = (
        tipoffs.filter(created_at__year=year)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    return {
        "year": year,
        "total": totals["total"],
        "by_category": list(tipoffs.values_list("category").annotate(n=Count("id")).order_by("-n")),
        "by_town": list(tipoffs.values_list("town__name").annotate(n=Count("id")).order_by("-n")),
        "by_sector": _by_sector(tipoffs),
        "overdue_rectifications": list(rectification_overdue()[:50]),
        "by_month": [(f"{row['month']:%Y-%m}", row["n"]) for row in by_month],
        "days_to_acceptance": _days(totals["to_acceptance"]),
        "days_to_closure": _days(totals["to_closure"]),
        "open_overdue": totals["overdue"],
        "rewards_paid": Reward.objects.filter(status=RewardStatus.PAID, paid_at__year=year).aggregate(
            n=Count("id"), total=Sum("paid_amount")
        ),
    }


def _by_sector(tipoffs) -> list[tuple[str, int]]:
    labels = dict(sector_choices())
    rows = tipoffs.values_list("sector").annotate(n=Count("id")).order_by("-n", "sector")
    return [(str(labels.get(sector, "")) or _("未填写"), n) for sector, n in rows]


def rectification_overdue() -> QuerySet[RectificationOrder]:
    """Current rectification orders past their deadline without a 复查 "rectified" (dashboard alert).

    An order is current while no newer order of the same report exists; one reviewed "not rectified"
    stays overdue until a new order is issued."""
    newer = RectificationOrder.objects.filter(tipoff=OuterRef("tipoff"), issued_at__gt=OuterRef("issued_at"))
    return (
        RectificationOrder.objects.select_related("tipoff", "tipoff__town")
        .filter(deadline__lt=timezone.localdate())
        .exclude(review_result=ReviewResult.RECTIFIED)
        .exclude(Exists(newer))
        .order_by("deadline", "pk")
    )
