from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from edu_platform.audit import audit_entries_for
from tipoffs import services
from tipoffs.errors import TipOffError
from tipoffs.models import Finding, Status, TipOff
from tipoffs.selectors import tipoff_inbox

from .helpers import approver, handler, submit

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_full_workflow_with_public_timeline_and_audit():
    with time_machine.travel(START, tick=False):
        tipoff, _ = submit()
        staff = handler()
        tipoff = services.tipoff_accept(tipoff=tipoff, actor=staff)
    assert tipoff.assigned_to == staff and tipoff.due_at == START + timedelta(days=60)
    tipoff = services.tipoff_verify_start(tipoff=tipoff, actor=staff)
    with pytest.raises(TipOffError, match="处理结果"):
        services.tipoff_conclude(tipoff=tipoff, actor=staff, finding=Finding.SUBSTANTIATED, outcome_public=" ")
    tipoff = services.tipoff_conclude(
        tipoff=tipoff, actor=staff, finding=Finding.SUBSTANTIATED, outcome_public="已责令停业整改并罚款。"
    )
    tipoff = services.tipoff_close(tipoff=tipoff, actor=staff)
    statuses = [e.status for e in tipoff.events.all()]
    assert statuses == [Status.SUBMITTED, Status.ACCEPTED, Status.VERIFYING, Status.CONCLUDED, Status.CLOSED]
    actions = {e.action for e in audit_entries_for(tipoff)}
    assert {"tipoffs.report.submitted", "tipoffs.report.accepted", "tipoffs.report.concluded"} <= actions


def test_transitions_out_of_order_are_refused():
    tipoff, _ = submit()
    staff = handler()
    services.tipoff_assign(tipoff=tipoff, assignee=staff, actor=staff)
    with pytest.raises(TipOffError, match="已受理"):
        services.tipoff_verify_start(tipoff=tipoff, actor=staff)
    services.tipoff_decline(tipoff=tipoff, actor=staff, reason="不属于安全生产领域")
    with pytest.raises(TipOffError, match="已提交"):
        services.tipoff_accept(tipoff=tipoff, actor=staff)
    assert TipOff.objects.get().status == Status.DECLINED
    with pytest.raises(IntegrityError), transaction.atomic():  # the DB refuses a conclusion without finding
        TipOff.objects.update(status=Status.CONCLUDED, finding="")


def test_overdue_and_soon_due_flags_and_inbox_filters():
    staff = handler()
    with time_machine.travel(START, tick=False):
        tipoff, _ = submit()
        services.tipoff_accept(tipoff=tipoff, actor=staff)
    with time_machine.travel(START + timedelta(days=54), tick=False):
        tipoff.refresh_from_db()
        assert tipoff.is_soon_due and not tipoff.is_overdue
        assert list(tipoff_inbox(staff, due="soon")) == [tipoff]
    with time_machine.travel(START + timedelta(days=61), tick=False):
        tipoff.refresh_from_db()
        assert tipoff.is_overdue
        assert list(tipoff_inbox(staff, due="overdue")) == [tipoff]
        assert list(tipoff_inbox(staff, due="soon")) == []


def test_one_extension_of_at_most_30_days_approved_by_someone_else():
    staff, lead, lead2 = handler(), approver(), approver("approver2")
    with time_machine.travel(START, tick=False):
        tipoff, _ = submit()
        services.tipoff_accept(tipoff=tipoff, actor=staff)
    with pytest.raises(TipOffError, match="1 至 30"):
        services.tipoff_extension_request(tipoff=tipoff, actor=staff, days=31, reason="需要检测")
    services.tipoff_extension_request(tipoff=tipoff, actor=staff, days=30, reason="需要检测")
    with pytest.raises(TipOffError, match="负责人"):
        services.tipoff_extension_approve(tipoff=tipoff, actor=staff)
    tipoff.refresh_from_db()
    assert tipoff.due_at == START + timedelta(days=60)  # not before approval
    with pytest.raises(TipOffError, match="每件举报只能延期一次"):
        services.tipoff_extension_request(tipoff=tipoff, actor=staff, days=10, reason="再延")
    services.tipoff_extension_approve(tipoff=tipoff, actor=lead)
    tipoff.refresh_from_db()
    assert tipoff.due_at == START + timedelta(days=90)
    assert tipoff.events.last().public_note.startswith("办理期限依规延长 30 天")
    with pytest.raises(TipOffError, match="没有待批准"):
        services.tipoff_extension_approve(tipoff=tipoff, actor=lead2)
    with pytest.raises(IntegrityError), transaction.atomic():
        TipOff.objects.filter(pk=tipoff.pk).update(extension_approved_by=staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        TipOff.objects.filter(pk=tipoff.pk).update(extension_days=0)


def test_lead_cannot_approve_own_extension_request():
    staff, lead = handler(), approver()
    tipoff, _ = submit()
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    lead.groups.add(*staff.groups.all())  # a lead who also handles
    from accounts.models import User

    lead = User.objects.get(pk=lead.pk)
    services.tipoff_extension_request(tipoff=tipoff, actor=lead, days=5, reason="等检测报告")
    with pytest.raises(TipOffError, match="不能批准自己"):
        services.tipoff_extension_approve(tipoff=tipoff, actor=lead)


def test_handlers_only_work_reports_assigned_to_them():
    alice, bob = handler("alice"), handler("bob")
    tipoff, _ = submit()
    services.tipoff_assign(tipoff=tipoff, assignee=alice, actor=alice)
    with pytest.raises(TipOffError, match="其他承办人"):
        services.tipoff_assign(tipoff=tipoff, assignee=bob, actor=bob)
    with pytest.raises(TipOffError, match="不是该举报的承办人"):
        services.tipoff_accept(tipoff=tipoff, actor=bob)
    with pytest.raises(TipOffError, match="无权查看"):
        services.tipoff_viewed(tipoff=TipOff.objects.get(), actor=bob, identity_shown=False)
    assert list(tipoff_inbox(bob)) == []
    lead = approver()
    services.tipoff_assign(tipoff=tipoff, assignee=bob, actor=lead)
    assert list(tipoff_inbox(bob)) == [TipOff.objects.get()]


def test_duplicate_linking_points_at_the_first_report():
    staff = handler()
    first, _ = submit()
    second, _ = submit()
    third, _ = submit()
    for t in (first, second, third):
        services.tipoff_assign(tipoff=t, assignee=staff, actor=staff)
    services.tipoff_link_matter(tipoff=second, first=first, actor=staff)
    services.tipoff_link_matter(tipoff=third, first=second, actor=staff)  # chains resolve to the root
    third.refresh_from_db()
    assert third.matter == first
    with pytest.raises(TipOffError, match="它自己"):
        services.tipoff_link_matter(tipoff=first, first=second, actor=staff)


def test_staff_entry_of_hotline_report_needs_staff():
    staff = handler()
    with pytest.raises(TipOffError, match="工作人员录入"):
        submit(source="hotline_12350")
    tipoff, code = submit(source="hotline_12350", entered_by=staff)
    assert tipoff.entered_by == staff and len(code) == 20
    assert audit_entries_for(tipoff).get().action == "tipoffs.report.entered"


def test_tipoff_error_is_a_domain_error_with_structured_problems():
    from edu_platform.errors import DomainError

    staff = handler()
    tipoff, _ = submit()
    with pytest.raises(DomainError) as refused:
        services.tipoff_extension_request(tipoff=tipoff, actor=staff, days=5, reason="x")
    assert isinstance(refused.value, TipOffError) and refused.value.message
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    with pytest.raises(TipOffError) as refused:
        services.tipoff_extension_request(tipoff=tipoff, actor=staff, days=99, reason="需要检测")
    assert refused.value.field == "days" and refused.value.problems[0].message == "延期天数应为 1 至 30 天。"
