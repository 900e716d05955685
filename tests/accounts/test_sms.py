"""SMS: no backend logs a phone number or a code in full; production refuses the console backend;
messages leave from a background task after the transaction commits."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction

from accounts import demo
from accounts.sms import ConsoleSMSBackend, DisabledSMSBackend, LocmemSMSBackend, mask_phone, sms_queue

ROOT = Path(__file__).resolve().parents[2]
PHONE = "13812341234"
TEXT = "【云梦应急】您的验证码是 K7Q2M9，15分钟内有效。"


class RecordingConsoleBackend(ConsoleSMSBackend):
    """The console backend, remembering what it was asked to send (so a test knows the code)."""

    sent: list[tuple[str, str]] = []

    def send(self, phone: str, message: str) -> None:
        self.sent.append((phone, message))
        super().send(phone, message)


def test_mask_phone_keeps_the_last_four_digits():
    assert mask_phone(PHONE) == "*******1234"
    assert mask_phone("123") == "***"


def test_console_backend_masks_the_number_and_hides_the_text_unless_told(caplog, settings):
    caplog.set_level(logging.DEBUG)
    settings.SMS_CONSOLE_SHOW_TEXT = False
    ConsoleSMSBackend().send(PHONE, TEXT)
    assert "*******1234" in caplog.text
    assert PHONE not in caplog.text and "K7Q2M9" not in caplog.text
    caplog.clear()
    # The development setting: the text may show on the console, the number stays masked.
    settings.SMS_CONSOLE_SHOW_TEXT = True
    ConsoleSMSBackend().send(PHONE, TEXT)
    assert "K7Q2M9" in caplog.text and PHONE not in caplog.text


def test_disabled_backend_logs_only_that_a_message_was_suppressed(caplog):
    caplog.set_level(logging.DEBUG)
    DisabledSMSBackend().send(PHONE, TEXT)
    assert "未发送" in caplog.text
    assert "1234" not in caplog.text and "K7Q2M9" not in caplog.text


@pytest.mark.django_db
def test_sms_queue_sends_after_commit_and_never_on_rollback(django_capture_on_commit_callbacks):
    LocmemSMSBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sms_queue(PHONE, "一")
        assert LocmemSMSBackend.outbox == []  # nothing while the transaction is open
    assert len(callbacks) == 1
    assert LocmemSMSBackend.outbox == [(PHONE, "一")]
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        sms_queue(PHONE, "二")
        raise RuntimeError
    assert callbacks == [] and LocmemSMSBackend.outbox == [(PHONE, "一")]


@pytest.mark.django_db
def test_a_phone_verification_code_never_reaches_the_log(client, settings, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    settings.ACCOUNT_PHONE_VERIFICATION_ENABLED = True
    settings.SMS_BACKEND = "tests.accounts.test_sms.RecordingConsoleBackend"
    settings.SMS_CONSOLE_SHOW_TEXT = False
    RecordingConsoleBackend.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "v@example.cn", "phone": PHONE, "password1": "Yunmeng-2025!", "password2": "Yunmeng-2025!"},
        )
    [(phone, message)] = RecordingConsoleBackend.sent
    code = re.search(r"验证码是 (\S+)，", message).group(1)
    assert phone == PHONE
    assert code not in caplog.text and PHONE not in caplog.text
    assert "*******1234" in caplog.text


@pytest.mark.django_db
def test_a_reporters_mobile_is_masked_in_the_log_of_a_tipoff_notice(caplog, settings):
    from tests.tipoffs.helpers import real_name, submit
    from tipoffs.notify import reporter_notify_send

    caplog.set_level(logging.DEBUG)
    settings.SMS_BACKEND = "accounts.sms.ConsoleSMSBackend"
    settings.SMS_CONSOLE_SHOW_TEXT = False
    tipoff, _code = submit(identity=real_name(mobile="13871009999"))
    reporter_notify_send(tipoff_pk=tipoff.pk)
    assert "*******9999" in caplog.text
    assert "13871009999" not in caplog.text and tipoff.number not in caplog.text


@pytest.mark.django_db
def test_demo_logins_print_no_phone_number_in_production(settings):
    settings.DEBUG = False
    printed = " ".join(" ".join(row) for row in demo.demo_logins())
    assert not any(phone in printed for *_rest, phone in demo.DEMO_USERS)
    settings.DEBUG = True
    assert demo.DEMO_USERS[0][6] in " ".join(" ".join(row) for row in demo.demo_logins())


def _settings_import(**overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SMS_"))}
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "edu.yunmeng.example.gov.cn",
            "FIELD_ENCRYPTION_KEY": "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0=",
            **overrides,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", "import edu_platform.settings as s; print(s.SMS_BACKEND, s.SMS_CONSOLE_SHOW_TEXT)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_the_console_backend_at_start_up():
    result = _settings_import()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "accounts.sms.DisabledSMSBackend" in result.stderr
    assert "不能使用开发用的短信后端" in result.stderr
    result = _settings_import(SMS_BACKEND="accounts.sms.ConsoleSMSBackend", SMS_CONSOLE_SHOW_TEXT="1")
    assert result.returncode != 0
    result = _settings_import(SMS_BACKEND="accounts.sms.DisabledSMSBackend", SMS_CONSOLE_SHOW_TEXT="1")
    assert result.returncode == 0, result.stderr
    # The text-showing switch is a development setting only.
    assert result.stdout.split() == ["accounts.sms.DisabledSMSBackend", "False"]
