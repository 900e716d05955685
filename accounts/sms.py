"""Pluggable SMS sending.

A deployment points ``SMS_BACKEND`` at a class with a ``send(phone, message)`` method that talks to
the carrier gateway the bureau contracts. Shipped backends:

- ``ConsoleSMSBackend`` (development): writes a line to the log with the number masked; the text
  (which may hold a verification code) only when ``SMS_CONSOLE_SHOW_TEXT`` is on, a development
  setting. Production refuses it at start-up (``edu_platform.settings``).
- ``DisabledSMSBackend``: sends nothing and logs only that a message was suppressed.
- ``LocmemSMSBackend`` (tests): keeps messages in ``outbox``.

No backend here writes a full phone number or a code to a log.

Other apps call :func:`sms_queue` from inside their services (the message goes out from a
background task after the transaction commits, so no request waits on the gateway), or
:func:`sms_send` from inside a task of their own.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def mask_phone(phone: str) -> str:
    """All but the last four characters as ``*``: ``13812341234`` → ``*******1234``."""
    phone = (phone or "").strip()
    if len(phone) <= 4:
        return "*" * len(phone)
    return "*" * (len(phone) - 4) + phone[-4:]


class ConsoleSMSBackend:
    """Development only: shows on the console that a message went out, to a masked number."""

    def send(self, phone: str, message: str) -> None:
        if getattr(settings, "SMS_CONSOLE_SHOW_TEXT", False):
            logger.warning("短信（开发环境，未真实发送）→ %s：%s", mask_phone(phone), message)
        else:
            logger.warning("短信（开发环境，未真实发送）→ %s：（内容不显示，共%d字）", mask_phone(phone), len(message))


class DisabledSMSBackend:
    """Chosen explicitly where no gateway is contracted yet: nothing is sent, no number or text logged."""

    def send(self, phone: str, message: str) -> None:
        logger.info("短信发送已停用（SMS_BACKEND=accounts.sms.DisabledSMSBackend），一条短信未发送。")


class LocmemSMSBackend:
    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, message: str) -> None:
        self.outbox.append((phone, message))


def sms_send(phone: str, message: str) -> None:
    """Send one text message now, through the configured backend (call it from a background task)."""
    import_string(settings.SMS_BACKEND)().send(phone, message)


def sms_queue(phone: str, message: str) -> None:
    """Send one text message from a background task once the current transaction commits.

    Nothing is sent if the transaction rolls back; outside a transaction it is queued at once.
    """
    from .tasks import sms_send_task

    transaction.on_commit(lambda: sms_send_task.enqueue(phone, message))
