"""Every write a candidate or exam admin can cause (DESIGN §2). Split by audience."""

from .candidates import (
    booking_cancel,
    booking_create,
    booking_reschedule,
    change_cutoff,
    change_rule_text,
    eligibility_problems,
    session_closed_reason,
    waitlist_accept,
    waitlist_expire_holds,
    waitlist_join,
    waitlist_leave,
)
from .notices import booking_notice_mark_read
from .places import centre_create, centre_delete, centre_update, room_create, room_delete, room_update
from .results import results_import
from .staff import (
    booking_check_in,
    check_in_window,
    session_cancel,
    session_close,
    session_create,
    sessions_bulk_create,
    sessions_mark_absentees,
)

__all__ = [
    "booking_cancel",
    "booking_check_in",
    "booking_create",
    "booking_notice_mark_read",
    "booking_reschedule",
    "centre_create",
    "centre_delete",
    "centre_update",
    "change_cutoff",
    "change_rule_text",
    "check_in_window",
    "eligibility_problems",
    "results_import",
    "room_create",
    "room_delete",
    "room_update",
    "session_cancel",
    "session_close",
    "session_closed_reason",
    "session_create",
    "sessions_bulk_create",
    "sessions_mark_absentees",
    "waitlist_accept",
    "waitlist_expire_holds",
    "waitlist_join",
    "waitlist_leave",
]
