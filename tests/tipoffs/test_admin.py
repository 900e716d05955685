import io
from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from edu_platform.audit import audit_entries_for
from edu_platform.models import AuditLogEntry
from tipoffs import services
from tipoffs.errors import TipOffError
from tipoffs.models import Finding, Status, TipOff

from .helpers import approver, handler, jpeg_with_gps, real_name, submit

pytestmark = pytest.mark.django_db


SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def login(client, user):
    """Sign in the way staff must: a session that has passed a TOTP code (accounts' middleware)."""
    TOTP.activate(user, SECRET)
    client.force_login(user)
    code = format_hotp_value(hotp_value(SECRET, next(yield_hotp_counters_from_time())))
    response = client.post("/accounts/2fa/reauthenticate/", {"code": code})
    assert response.status_code == 302, response.content[:500]
    return user


def test_staff_without_mfa_is_sent_to_set_it_up(client):
    client.force_login(handler())
    response = client.get("/admin/tipoffs/")
    assert response.status_code == 302 and "totp" in response["Location"]


def test_inbox_query_budget_and_no_store(client, django_assert_max_num_queries):
    staff = login(client, handler())
    for i in range(12):
        tipoff, _ = submit(place_name=f"单位{i}")
        if i % 2:
            services.tipoff_accept(tipoff=tipoff, actor=staff)
    with django_assert_max_num_queries(20):
        response = client.get("/admin/tipoffs/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert response.content.decode().count("/admin/tipoffs/") >= 12
    with django_assert_max_num_queries(20):
        client.get("/admin/tipoffs/?status=accepted&due=soon&category=major_hazard")


def test_inbox_filters_by_status_and_overdue(client):
    staff = login(client, handler())
    accepted, _ = submit(place_name="已受理单位")
    accepted = services.tipoff_accept(tipoff=accepted, actor=staff)
    submit(place_name="未受理单位")
    html = client.get("/admin/tipoffs/?status=accepted").content.decode()
    assert "已受理单位" in html and "未受理单位" not in html
    TipOff.objects.filter(pk=accepted.pk).update(due_at=accepted.accepted_at - timedelta(days=1))
    html = client.get("/admin/tipoffs/?due=overdue").content.decode()
    assert "已受理单位" in html and "已逾期" in html


def test_detail_view_is_audited_and_identity_only_for_the_assignee(client):
    alice, bob = handler("alice"), handler("bob")
    tipoff, _ = submit(identity=real_name(name="保密的人"), files=[jpeg_with_gps()])
    login(client, bob)
    html = client.get(f"/admin/tipoffs/{tipoff.pk}/").content.decode()
    assert "保密的人" not in html  # unassigned: bob may open it to take it, but not see who reported
    services.tipoff_assign(tipoff=tipoff, assignee=alice, actor=alice)
    # Wagtail turns PermissionDenied into a redirect to the dashboard with an error message.
    refused = client.get(f"/admin/tipoffs/{tipoff.pk}/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    attachment = tipoff.attachments.get()
    assert client.get(f"/admin/tipoffs/{tipoff.pk}/files/{attachment.pk}/")["Location"] == "/admin/"
    client.logout()
    login(client, alice)
    response = client.get(f"/admin/tipoffs/{tipoff.pk}/")
    assert "保密的人" in response.content.decode() and "no-store" in response["Cache-Control"]
    download = client.get(f"/admin/tipoffs/{tipoff.pk}/files/{attachment.pk}/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    views = [e for e in audit_entries_for(tipoff) if e.action == "tipoffs.report.viewed"]
    assert [(e.actor.username, e.data["identity_shown"]) for e in views] == [("alice", True), ("bob", False)]
    assert audit_entries_for(tipoff).filter(action="tipoffs.attachment.downloaded").count() == 1


def test_workflow_actions_through_the_admin(client):
    staff = login(client, handler())
    tipoff, _ = submit()
    base = f"/admin/tipoffs/{tipoff.pk}/act"
    client.post(f"{base}/accept/")
    client.post(f"{base}/message/", {"body": "请补充照片"})
    client.post(f"{base}/verify/")
    response = client.post(f"{base}/conclude/", {"finding": "bogus", "outcome_public": "x"}, follow=True)
    assert "核查结论" in response.content.decode()
    client.post(
        f"{base}/conclude/", {"finding": Finding.PARTIALLY, "outcome_public": "部分属实，已整改。", "fine_amount": "0"}
    )
    tipoff.refresh_from_db()
    assert tipoff.status == Status.CONCLUDED and tipoff.assigned_to == staff
    assert tipoff.messages.get().body == "请补充照片"


def test_staff_entry_shows_code_once(client):
    login(client, handler())
    response = client.post(
        "/admin/tipoffs/new/",
        {
            "source": "hotline_12350",
            "category": "methanol_fuel",
            "town": TipOff._meta.get_field("town").related_model.objects.first().pk,
            "place_name": "某饭店",
            "description": "后厨违规储存醇基燃料。",
        },
    )
    assert response.status_code == 200
    tipoff = TipOff.objects.get()
    assert tipoff.source == "hotline_12350" and response.context["code"] in response.content.decode()


def test_reward_approval_pages_and_ledger_export(client):
    staff, lead = handler(), approver()
    tipoff, _ = submit(identity=real_name(name="领奖人"))
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    services.tipoff_verify_start(tipoff=tipoff, actor=staff)
    services.tipoff_conclude(
        tipoff=tipoff, actor=staff, finding=Finding.SUBSTANTIATED, outcome_public="属实", fine_amount=Decimal(40000)
    )
    reward = services.reward_propose(tipoff=tipoff, actor=staff)
    login(client, lead)
    assert "批准" in client.get("/admin/tipoffs/rewards/").content.decode()
    client.post(f"/admin/tipoffs/rewards/{reward.pk}/act/approve/")
    reward.refresh_from_db()
    assert reward.status == "notified" and reward.approved_by == lead
    response = client.get("/admin/tipoffs/rewards/ledger.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == tipoff.number and rows[1][8] == "领奖人" and rows[1][5] == 6000
    exported = AuditLogEntry.objects.get(action="tipoffs.ledger.exported")
    assert exported.user == lead and exported.data == {"rows": 1}
    assert "登记申领" in client.get("/admin/tipoffs/rewards/").content.decode()
    other = Client()
    login(other, handler("other_handler"))  # not the report's handler: no claim button that would be refused
    assert "登记申领" not in other.get("/admin/tipoffs/rewards/").content.decode()
    services.reward_claim_record(reward=reward, actor=staff, identity_checked=True)
    html = client.get("/admin/tipoffs/rewards/").content.decode()
    assert f'name="paid_at" value="{timezone.localdate():%Y-%m-%d}"' in html  # payment date defaults to today
    client.logout()
    login(client, staff)
    assert client.get("/admin/tipoffs/rewards/ledger.xlsx")["Location"] == "/admin/"  # finance export: approvers only


def test_dashboard_renders_charts_and_average_days(client, django_assert_max_num_queries):
    import time_machine
    from django.utils import timezone

    from tipoffs.selectors import dashboard_stats

    staff = handler()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        tipoff, _ = submit()
        other, _ = submit()
    with time_machine.travel(start + timedelta(days=2), tick=False):
        services.tipoff_accept(tipoff=tipoff, actor=staff)
    with time_machine.travel(start + timedelta(days=4), tick=False):
        services.tipoff_accept(tipoff=other, actor=staff)
    stats = dashboard_stats()
    assert stats["total"] == 2 and stats["days_to_acceptance"] == 3.0 and stats["days_to_closure"] is None
    login(client, approver())
    with django_assert_max_num_queries(22):
        html = client.get("/admin/tipoffs/dashboard/").content.decode()
    assert "<svg" in html and "重大事故隐患" in html


def test_approver_adds_a_newer_reward_rule_which_then_applies(client):
    from tipoffs.models import RewardRule

    login(client, approver())
    url = "/admin/tipoffs_rewardrule/new/"
    tomorrow = timezone.localdate() + timedelta(days=1)
    bad = client.post(url, {"kind": "fine_percentage", "effective_from": tomorrow, "max_amount": "300000"})
    assert bad.status_code == 200 and "须填写比例" in bad.content.decode()
    rule = {
        "kind": "fine_percentage",
        "percentage": "20",
        "min_amount": "5000",
        "max_amount": "500000",
        "adjustment_percent": "10",
    }
    past = client.post(url, {**rule, "effective_from": timezone.localdate() - timedelta(days=1)})
    assert past.status_code == 200 and "不能早于今天" in past.content.decode()  # no rewriting history
    response = client.post(url, {**rule, "effective_from": tomorrow})
    assert response.status_code == 302
    _, amount, _ = services.reward_compute(
        category="major_hazard",
        fine_amount=Decimal(10000),
        concealed_deaths=None,
        accident_grade="",
        on=tomorrow,
    )
    assert amount == Decimal("5000.00")
    _, amount, _ = services.reward_compute(
        category="major_hazard",
        fine_amount=Decimal(10000),
        concealed_deaths=None,
        accident_grade="",
        on=timezone.localdate(),
    )
    assert amount == Decimal("3000.00")
    assert RewardRule.objects.count() == 6
    newest = RewardRule.objects.get(effective_from=tomorrow)
    assert client.get(f"/admin/tipoffs_rewardrule/edit/{newest.pk}/").status_code == 302  # never edited


def test_handler_proposes_a_reward_from_the_detail_page(client):
    staff = login(client, handler())
    tipoff, _ = submit(identity=real_name())
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    services.tipoff_verify_start(tipoff=tipoff, actor=staff)
    services.tipoff_conclude(
        tipoff=tipoff, actor=staff, finding=Finding.SUBSTANTIATED, outcome_public="属实", fine_amount=Decimal(100000)
    )
    assert "提出奖励" in client.get(f"/admin/tipoffs/{tipoff.pk}/").content.decode()
    response = client.post(f"/admin/tipoffs/{tipoff.pk}/act/propose/", {"amount": "400000"}, follow=True)
    assert "之间" in response.content.decode()
    response = client.post(f"/admin/tipoffs/{tipoff.pk}/act/propose/", {"amount": ""}, follow=True)
    assert "¥15000.00" in response.content.decode()
    assert tipoff.rewards.get().proposed_by == staff


def test_handler_message_with_file_reaches_the_reporter_by_code_only(client):
    from django.test import Client

    staff = login(client, handler())
    tipoff, code = submit()
    _other, other_code = submit()
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    client.post(
        f"/admin/tipoffs/{tipoff.pk}/act/message/", {"body": "整改通知见附件", "files": [jpeg_with_gps("通知.jpg")]}
    )
    attachment = tipoff.attachments.get()
    assert attachment.message.body == "整改通知见附件"
    reporter = Client()
    page = reporter.post("/tipoffs/follow/", {"code": code}).content.decode()
    assert "下载附件 通知.jpg" in page
    download = reporter.post("/tipoffs/follow/", {"code": code, "action": "download", "attachment": attachment.pk})
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert b"".join(download.streaming_content)[:2] == b"\xff\xd8"
    # another report's code cannot fetch it
    refused = reporter.post("/tipoffs/follow/", {"code": other_code, "action": "download", "attachment": attachment.pk})
    assert refused.status_code == 404


def test_staff_entry_accepts_a_scanned_letter_and_refuses_a_disguised_file(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, handler())
    data = {
        "source": "letter",
        "category": "major_hazard",
        "town": TipOff._meta.get_field("town").related_model.objects.first().pk,
        "place_name": "某厂",
        "description": "来信反映。",
    }
    bad = client.post("/admin/tipoffs/new/", {**data, "files": [SimpleUploadedFile("scan.jpg", b"MZ" + b"\0" * 50)]})
    assert "内容不是可接受的类型" in bad.content.decode() and TipOff.objects.count() == 0
    ok = client.post("/admin/tipoffs/new/", {**data, "files": [jpeg_with_gps("scan.jpg")]})
    assert ok.status_code == 200 and TipOff.objects.get().attachments.count() == 1


def test_staff_download_is_refused_by_the_service_when_the_report_is_someone_elses():
    alice, bob = handler("alice"), handler("bob")
    tipoff, _ = submit(files=[jpeg_with_gps()])
    tipoff = services.tipoff_assign(tipoff=tipoff, assignee=alice, actor=alice)
    attachment = tipoff.attachments.get()
    with pytest.raises(TipOffError):
        services.tipoff_attachment_downloaded(tipoff=tipoff, attachment=attachment, actor=bob)
    assert not audit_entries_for(tipoff).filter(action="tipoffs.attachment.downloaded").exists()


def test_admin_listings_cost_the_same_for_30_rows(client, django_assert_max_num_queries):
    """Query budgets with enough rows to catch an N+1: inbox (lead and handler) and rewards."""
    staff, lead = handler(), approver()
    for i in range(32):
        tipoff, _ = submit(identity=real_name(name=f"举报人{i}"), place_name=f"单位{i}")
        services.tipoff_accept(tipoff=tipoff, actor=staff)
        services.tipoff_message_send(tipoff=tipoff, actor=staff, body="请补充")
        if i < 30:
            services.tipoff_verify_start(tipoff=tipoff, actor=staff)
            services.tipoff_conclude(
                tipoff=tipoff, actor=staff, finding=Finding.SUBSTANTIATED, outcome_public="属实", fine_amount=40000
            )
            reward = services.reward_propose(tipoff=tipoff, actor=staff, joint_payees=["甲", "乙"])
            if i % 3 == 0:
                services.reward_approve(reward=reward, actor=lead)
    login(client, lead)
    with django_assert_max_num_queries(20):
        inbox = client.get("/admin/tipoffs/")
    assert inbox.content.decode().count("单位") >= 32
    with django_assert_max_num_queries(20):
        rewards = client.get("/admin/tipoffs/rewards/")
    assert rewards.content.decode().count("2 人平分") == 30
    other = Client()
    login(other, staff)
    with django_assert_max_num_queries(20):
        assert other.get("/admin/tipoffs/?sector=&due=soon").status_code == 200
