"""Tell a reporter who left a mobile number that their report moved on. The text names the report
number only: never the receipt code, the place or anything that would reveal the report to whoever
else reads the phone."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.sms import sms_send

from .crypto import decrypt_json
from .models import TipOff


def reporter_notify(tipoff: TipOff) -> None:
    """Queue a notice after the current transaction commits (only when the reporter gave a mobile)."""
    if not tipoff.identity_ciphertext:
        return
    from .tasks import reporter_notify_task

    transaction.on_commit(lambda: reporter_notify_task.enqueue(tipoff.pk))


def reporter_notify_send(*, tipoff_pk: int) -> None:
    tipoff = TipOff.objects.filter(pk=tipoff_pk).only("number", "identity_ciphertext").first()
    if tipoff is None:
        return
    mobile = decrypt_json(tipoff.identity_ciphertext).get("mobile")
    if mobile:
        sms_send(
            mobile,
            _("【云梦应急】您的举报 %(n)s 有新的办理进展，请凭回执码在平台“查询办理进度”查看。") % {"n": tipoff.number},
        )
