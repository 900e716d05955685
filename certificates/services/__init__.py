"""Every write on the certificate register (DESIGN §2), split by subject."""

from .issuing import certificate_issue, certificate_issue_for_booking
from .reviews import review_apply, review_record_create
from .revoking import certificate_revoke

__all__ = [
    "certificate_issue",
    "certificate_issue_for_booking",
    "certificate_revoke",
    "review_apply",
    "review_record_create",
]
