"""Reminders 90 and 30 days ahead: a notice on 我的证书 and an SMS, once per threshold."""

import datetime

import pytest
from django.core.management import call_command

from accounts.sms import LocmemSMSBackend
from certificates.models import CertificateNotice, ReminderSent
from certificates.services import certificate_revoke
from certificates.services.reminders import reminders_send

from . import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
ISSUED = D(2024, 3, 5)  # 复审 due 2027-03-05, expiry 2030-03-05


@pytest.fixture(autouse=True)
def _outbox():
    LocmemSMSBackend.outbox.clear()
    yield
    LocmemSMSBackend.outbox.clear()


def run(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return reminders_send(today=day)


def test_review_reminders_go_once_at_90_and_once_at_30_days(django_capture_on_commit_callbacks):
    holder = f.candidate("李四")
    certificate = f.issue(holder, issued_on=ISSUED)
    assert run(D(2026, 12, 4), django_capture_on_commit_callbacks) == 0  # 91 days ahead
    assert run(D(2026, 12, 5), django_capture_on_commit_callbacks) == 1  # 90 days ahead
    assert run(D(2026, 12, 5), django_capture_on_commit_callbacks) == 0  # same day again
    assert run(D(2027, 1, 10), django_capture_on_commit_callbacks) == 0  # between thresholds
    assert run(D(2027, 2, 3), django_capture_on_commit_callbacks) == 1  # 30 days ahead
    assert run(D(2027, 2, 20), django_capture_on_commit_callbacks) == 0
    assert [phone for phone, _text in LocmemSMSBackend.outbox] == [holder.phone, holder.phone]
    assert "应于 2027-03-05 前复审（还有 90 天）" in LocmemSMSBackend.outbox[0][1]
    notices = list(CertificateNotice.objects.filter(recipient=holder).order_by("pk"))
    assert len(notices) == 2 and "还有 30 天" in notices[1].body
    assert set(ReminderSent.objects.filter(certificate=certificate).values_list("kind", "threshold_days")) == {
        ("review", 90),
        ("review", 30),
    }


def test_first_seen_inside_30_days_sends_one_reminder_not_two(django_capture_on_commit_callbacks):
    f.issue(issued_on=ISSUED)
    assert run(D(2027, 2, 20), django_capture_on_commit_callbacks) == 1
    assert run(D(2027, 2, 21), django_capture_on_commit_callbacks) == 0
    assert len(LocmemSMSBackend.outbox) == 1
    assert ReminderSent.objects.count() == 2


def test_expiry_reminder_for_a_safety_qualification(django_capture_on_commit_callbacks):
    holder = f.candidate()
    f.issue(holder, key=f.HAZCHEM_PRINCIPAL, issued_on=D(2024, 1, 10))  # valid until 2027-01-10
    assert run(D(2026, 10, 12), django_capture_on_commit_callbacks) == 1
    assert "有效期至 2027-01-10（还有 90 天）" in LocmemSMSBackend.outbox[0][1]


def test_revoked_and_expired_certificates_get_no_reminder(django_capture_on_commit_callbacks):
    certificate = f.issue(issued_on=ISSUED)
    certificate_revoke(certificate_id=certificate.pk, reason="注销", actor=f.staff())
    assert run(D(2026, 12, 5), django_capture_on_commit_callbacks) == 0
    f.issue(issued_on=D(2011, 1, 1))
    assert run(D(2026, 12, 5), django_capture_on_commit_callbacks) == 0
    assert not LocmemSMSBackend.outbox


def test_the_periodic_command_queues_the_task(django_capture_on_commit_callbacks):
    f.issue(issued_on=ISSUED)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("certificates_send_reminders", "--date", "2026-12-05")
    assert len(LocmemSMSBackend.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("certificates_send_reminders", "--date", "2026-12-05")
    assert len(LocmemSMSBackend.outbox) == 1
