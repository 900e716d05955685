"""The real path: an exam admin imports results after the exam, and a pass issues the certificate."""

import datetime
import io

import pytest
import time_machine
from openpyxl import Workbook

from bookings.services import booking_check_in, booking_create, results_import
from certificates.models import Certificate
from edu_platform.audit import audit_entries_for

from . import factories as f

pytestmark = pytest.mark.django_db


def _results(rows):
    wb = Workbook()
    wb.active.append(["准考证号", "姓名", "成绩", "是否合格"])
    for row in rows:
        wb.active.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_imported_pass_issues_once_and_a_fail_issues_nothing():
    admin = f.staff()
    session = f.bf.session(days_ahead=2)
    subject = session.subjects.first()
    passer, failer = f.candidate("甲"), f.candidate("乙")
    bookings = [booking_create(candidate=u, session_id=session.pk, subject_id=subject.pk) for u in (passer, failer)]
    with time_machine.travel(session.starts_at - datetime.timedelta(minutes=10)):
        for booking in bookings:
            booking_check_in(actor=admin, session_id=session.pk, code=booking.ticket_number)
    content = _results([(bookings[0].ticket_number, "甲", 92, "合格"), (bookings[1].ticket_number, "乙", 61, "")])
    with time_machine.travel(session.ends_at):
        results_import(actor=admin, content=content)
        results_import(actor=admin, content=content)  # the same file again
    certificate = Certificate.objects.get()
    assert certificate.holder == passer and certificate.source_booking == bookings[0]
    assert certificate.issued_on == session.date and certificate.operation == "低压电工作业"
    (entry,) = audit_entries_for(certificate)
    assert entry.action == "certificates.certificate.issued" and entry.user == admin
