"""The hazard loop (闭环整改) and 行业领域 (issue 10, work plan items 7 and 15)."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Industry
from edu_platform.audit import audit_entries_for
from tipoffs import services
from tipoffs.errors import TipOffError
from tipoffs.models import Category, Finding, RectificationOrder, ReviewResult
from tipoffs.selectors import dashboard_stats, rectification_overdue

from .helpers import form_data, handler, submit
from .test_admin import login

pytestmark = pytest.mark.django_db


def concluded(staff, finding=Finding.SUBSTANTIATED, **kwargs):
    tipoff, code = submit(**kwargs)
    services.tipoff_accept(tipoff=tipoff, actor=staff)
    services.tipoff_verify_start(tipoff=tipoff, actor=staff)
    tipoff = services.tipoff_conclude(
        tipoff=tipoff, actor=staff, finding=finding, outcome_public="属实，已责令整改。", fine_amount=Decimal(0)
    )
    return tipoff, code


def order(tipoff, staff, days=10):
    return services.rectification_order_issue(
        tipoff=tipoff,
        actor=staff,
        requirements="清理消防通道，补配灭火器。",
        responsible_unit="某五金仓库",
        deadline=timezone.localdate() + timedelta(days=days),
    )


def test_order_and_review_close_the_loop_and_the_reporter_sees_rectified(client):
    staff = handler()
    tipoff, code = concluded(staff)
    first = order(tipoff, staff)
    with pytest.raises(TipOffError, match="待复查"):
        order(tipoff, staff)
    page = client.post("/tipoffs/follow/", {"code": code}).content.decode()
    assert "整改中" in page and "已整改" not in page.split("处理结果")[1].split("</div>")[0]
    with pytest.raises(TipOffError, match="写明"):
        services.rectification_review(
            order=first, actor=staff, result=ReviewResult.NOT_RECTIFIED, reviewed_on=timezone.localdate()
        )
    services.rectification_review(
        order=first,
        actor=staff,
        result=ReviewResult.NOT_RECTIFIED,
        reviewed_on=timezone.localdate(),
        note="灭火器仍未补配",
    )
    second = order(tipoff, staff, days=5)
    services.rectification_review(
        order=second, actor=staff, result=ReviewResult.RECTIFIED, reviewed_on=timezone.localdate()
    )
    page = client.post("/tipoffs/follow/", {"code": code}).content.decode()
    outcome = page.split("处理结果")[1].split("</div>")[0]
    assert "已整改" in outcome and "复查确认" in outcome
    actions = [e.action for e in audit_entries_for(tipoff).order_by("pk")]
    assert actions.count("tipoffs.rectification.ordered") == 2
    assert actions.count("tipoffs.rectification.reviewed") == 2
    pending = {"tipoff": tipoff, "requirements": "x", "responsible_unit": "y", "issued_by": staff}
    RectificationOrder.objects.create(**pending, deadline=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():  # the DB holds one pending order per report
        RectificationOrder.objects.create(**pending, deadline=timezone.localdate())


def test_orders_only_on_substantiated_hazard_reports_by_their_handler():
    staff, other = handler(), handler("other")
    unsubstantiated, _ = concluded(staff, finding=Finding.UNSUBSTANTIATED)
    with pytest.raises(TipOffError, match="属实"):
        order(unsubstantiated, staff)
    tipoff, _ = concluded(staff)
    with pytest.raises(TipOffError, match="承办人"):
        order(tipoff, other)
    with pytest.raises(TipOffError) as refused:
        services.rectification_order_issue(
            tipoff=tipoff,
            actor=staff,
            requirements=" ",
            responsible_unit="",
            deadline=timezone.localdate() - timedelta(1),
        )
    assert {p.field for p in refused.value.problems} == {"requirements", "responsible_unit", "deadline"}
    assert not RectificationOrder.objects.exists()


def test_overdue_orders_are_alerted_on_the_dashboard(client, django_assert_max_num_queries):
    staff = login(client, handler())
    late, _ = concluded(staff, place_name="逾期未整改单位")
    on_time, _ = concluded(staff, place_name="按期整改单位")
    not_due, _ = concluded(staff, place_name="未到期单位")
    order(late, staff, days=3)
    done = order(on_time, staff, days=3)
    order(not_due, staff, days=30)
    services.rectification_review(
        order=done, actor=staff, result=ReviewResult.RECTIFIED, reviewed_on=timezone.localdate()
    )
    with time_machine.travel(timezone.now() + timedelta(days=5)):
        assert [o.tipoff for o in rectification_overdue()] == [late]
        with django_assert_max_num_queries(24):
            html = client.get("/admin/tipoffs/dashboard/").content.decode()
    alert = html.split("整改逾期提醒")[1].split("</section>")[0]
    assert late.number in alert and on_time.number not in alert and not_due.number not in alert


def test_rectification_through_the_admin_detail_page(client):
    staff = login(client, handler())
    tipoff, _ = concluded(staff)
    html = client.get(f"/admin/tipoffs/{tipoff.pk}/").content.decode()
    assert "下达整改要求" in html
    deadline = timezone.localdate() + timedelta(days=7)
    client.post(
        f"/admin/tipoffs/{tipoff.pk}/act/rectify/",
        {"requirements": "拆除违规隔断", "responsible_unit": "某网吧", "deadline": deadline.isoformat()},
    )
    saved = tipoff.rectification_orders.get()
    assert saved.deadline == deadline and saved.issued_by == staff
    response = client.post(
        f"/admin/tipoffs/{tipoff.pk}/act/review/",
        {"result": "rectified", "reviewed_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
        follow=True,
    )
    assert "复查日期不能晚于今天" in response.content.decode()
    client.post(f"/admin/tipoffs/{tipoff.pk}/act/review/", {"result": "rectified", "reviewed_on": timezone.localdate()})
    assert tipoff.rectification_orders.get().review_result == ReviewResult.RECTIFIED


# --- 行业领域 -------------------------------------------------------------------------------------


def test_public_form_staff_entry_inbox_filter_and_dashboard_carry_the_sector(client):
    response = client.post("/tipoffs/report/", form_data(sector=Industry.CONSTRUCTION, place_name="某工地"))
    assert response.status_code == 200
    from tipoffs.models import TipOff

    assert TipOff.objects.get(place_name="某工地").sector == Industry.CONSTRUCTION
    assert "行业领域" in client.get("/tipoffs/report/").content.decode()
    staff = login(client, handler())
    client.post(
        "/admin/tipoffs/new/",
        {
            "source": "hotline_12350",
            "category": Category.MAJOR_HAZARD,
            "sector": Industry.HAZARDOUS_CHEMICALS,
            "town": TipOff._meta.get_field("town").related_model.objects.first().pk,
            "place_name": "某化工厂",
            "description": "来电反映储罐泄漏。",
        },
    )
    assert TipOff.objects.get(place_name="某化工厂").sector == Industry.HAZARDOUS_CHEMICALS
    submit(place_name="不清楚行业的单位")
    html = client.get(f"/admin/tipoffs/?sector={Industry.HAZARDOUS_CHEMICALS}").content.decode()
    assert "某化工厂" in html and "某工地" not in html and "不清楚行业的单位" not in html
    by_sector = dict(dashboard_stats()["by_sector"])
    assert by_sector == {"建筑施工": 1, "危险化学品": 1, "未填写": 1}
    assert "按行业领域" in client.get("/admin/tipoffs/dashboard/").content.decode()
    assert TipOff.objects.get(place_name="某化工厂").entered_by == staff
