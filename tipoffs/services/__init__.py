"""Every write on tip-offs and rewards. Views, the admin, commands and tests call these only."""

from .handling import (
    tipoff_accept,
    tipoff_assign,
    tipoff_close,
    tipoff_conclude,
    tipoff_decline,
    tipoff_extension_approve,
    tipoff_extension_request,
    tipoff_link_matter,
    tipoff_message_send,
    tipoff_verify_start,
    tipoff_viewed,
)
from .rectification import rectification_order_issue, rectification_review
from .reports import (
    tipoff_attachment_downloaded,
    tipoff_identity_add,
    tipoff_reply,
    tipoff_reporter_viewed,
    tipoff_submit,
)
from .rewards import (
    reward_approve,
    reward_claim_record,
    reward_claim_request,
    reward_compute,
    reward_expire_overdue,
    reward_ledger_exported,
    reward_pay,
    reward_propose,
    reward_reject,
    reward_reopen,
)
from .rules import handling_rule_create, reward_rule_create

__all__ = [
    "handling_rule_create",
    "rectification_order_issue",
    "rectification_review",
    "reward_approve",
    "reward_claim_record",
    "reward_claim_request",
    "reward_compute",
    "reward_expire_overdue",
    "reward_ledger_exported",
    "reward_pay",
    "reward_propose",
    "reward_reject",
    "reward_reopen",
    "reward_rule_create",
    "tipoff_accept",
    "tipoff_assign",
    "tipoff_attachment_downloaded",
    "tipoff_close",
    "tipoff_conclude",
    "tipoff_decline",
    "tipoff_extension_approve",
    "tipoff_extension_request",
    "tipoff_identity_add",
    "tipoff_link_matter",
    "tipoff_message_send",
    "tipoff_reply",
    "tipoff_reporter_viewed",
    "tipoff_submit",
    "tipoff_verify_start",
    "tipoff_viewed",
]
