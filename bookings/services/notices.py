"""Candidates' own messages (我的预约 → 消息)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import BookingError
from ..models import BookingNotice


@transaction.atomic
def booking_notice_mark_read(*, recipient, notice_id: int | None = None) -> int:
    """Mark one of the recipient's notices read, or all of them when ``notice_id`` is None.

    Returns how many became read; repeating it (a double click, a reload) changes nothing.
    """
    notices = BookingNotice.objects.filter(recipient=recipient)
    if notice_id is not None:
        notices = notices.filter(pk=notice_id)
        if not notices.exists():
            raise BookingError(_("找不到这条消息。"))
    return notices.filter(read_at__isnull=True).update(read_at=timezone.now())
