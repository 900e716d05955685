"""Tip-off models, one module per aggregate; every name is importable from ``tipoffs.models``."""

from .rectification import RectificationOrder, ReviewResult
from .reports import (
    OPEN_STATUSES,
    SOON_DUE_DAYS,
    AccidentGrade,
    Category,
    Finding,
    MessageDirection,
    Source,
    Status,
    TipOff,
    TipOffAttachment,
    TipOffEvent,
    TipOffMessage,
    overdue_cutoff,
    private_root,
    private_storage,
    sector_choices,
)
from .rewards import LIVE_EXCLUDED, Reward, RewardShare, RewardStatus, SplitMode
from .rules import HandlingRule, RewardRule, RewardRuleKind

__all__ = [
    "LIVE_EXCLUDED",
    "OPEN_STATUSES",
    "SOON_DUE_DAYS",
    "AccidentGrade",
    "Category",
    "Finding",
    "HandlingRule",
    "MessageDirection",
    "RectificationOrder",
    "ReviewResult",
    "Reward",
    "RewardRule",
    "RewardRuleKind",
    "RewardShare",
    "RewardStatus",
    "Source",
    "SplitMode",
    "Status",
    "TipOff",
    "TipOffAttachment",
    "TipOffEvent",
    "TipOffMessage",
    "overdue_cutoff",
    "private_root",
    "private_storage",
    "sector_choices",
]
