"""Pluggable SMS sending. Development writes codes to the log; tests keep them in memory.

A real deployment points ``SMS_BACKEND`` at a class with the same ``send(phone, message)`` method
that talks to the carrier gateway the bureau contracts.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class ConsoleSMSBackend:
    def send(self, phone: str, message: str) -> None:
        logger.warning("短信 → %s：%s", phone, message)


class LocmemSMSBackend:
    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, message: str) -> None:
        self.outbox.append((phone, message))


def sms_send(phone: str, message: str) -> None:
    """Send one text message through the configured backend."""
    import_string(settings.SMS_BACKEND)().send(phone, message)
