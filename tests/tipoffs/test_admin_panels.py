"""The tip-off staff's panel on the Wagtail dashboard (/admin/): counts that link to the inbox
filters, scoped like the inbox, and never anything about the reporter."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from tipoffs import services
from tipoffs.models import Finding, RectificationOrder, TipOff

from .helpers import approver, handler, real_name, submit
from .test_admin import login

pytestmark = pytest.mark.django_db


def _row(html: str, label: str) -> str:
    match = re.search(re.escape(label) + r"(?:</a>)?</th>\s*<td>(?:<strong>)?(\d+)", html)
    assert match, f"no row {label!r}"
    return match.group(1)


def _accepted(staff, *, due_in: timedelta | None = None, **kwargs) -> TipOff:
    tipoff, _ = submit(**kwargs)
    tipoff = services.tipoff_accept(tipoff=tipoff, actor=staff)
    if due_in is not None:
        TipOff.objects.filter(pk=tipoff.pk).update(due_at=timezone.now() + due_in)
    return tipoff


def _scenario():
    """Two handlers and a lead; returns (first handler, lead)."""
    mine, other, lead = handler("handler1"), handler("handler2"), approver("lead1")
    submit(place_name="未认领甲")
    submit(place_name="未认领乙")
    taken, _ = submit(place_name="他人认领")
    services.tipoff_assign(tipoff=taken, assignee=other, actor=other)
    _accepted(mine, due_in=timedelta(days=3))  # due within 7 days
    _accepted(mine, due_in=timedelta(days=-1))  # overdue
    _accepted(other, due_in=timedelta(days=-2))  # overdue, someone else's
    extended = _accepted(mine)
    services.tipoff_extension_request(tipoff=extended, actor=mine, days=15, reason="需要补充检测报告")
    rewarded, _ = submit(identity=real_name("李举报", "13911112222"), place_name="属实单位")
    services.tipoff_accept(tipoff=rewarded, actor=mine)
    services.tipoff_verify_start(tipoff=rewarded, actor=mine)
    services.tipoff_conclude(
        tipoff=rewarded, actor=mine, finding=Finding.SUBSTANTIATED, outcome_public="属实，已处罚。",
        fine_amount=Decimal("50000"),
    )  # fmt: skip
    services.reward_propose(tipoff=rewarded, actor=mine)
    for staff in (mine, other):  # one overdue rectification order each
        if staff is other:
            rewarded, _ = submit(place_name="他人属实单位")
            services.tipoff_accept(tipoff=rewarded, actor=other)
            services.tipoff_verify_start(tipoff=rewarded, actor=other)
            services.tipoff_conclude(tipoff=rewarded, actor=other, finding=Finding.SUBSTANTIATED, outcome_public="属实")
        order = services.rectification_order_issue(
            tipoff=rewarded, actor=staff, requirements="整改", responsible_unit="单位", deadline=timezone.localdate()
        )
        RectificationOrder.objects.filter(pk=order.pk).update(deadline=order.deadline - timedelta(days=1))
    return mine, lead


def test_handler_sees_counts_of_their_inbox_with_filter_links(client, django_assert_max_num_queries):
    mine, _lead = _scenario()
    login(client, mine)
    with django_assert_max_num_queries(25):
        response = client.get("/admin/")

    html = response.content.decode()
    assert response.status_code == 200 and 'id="tipoffs-summary-section"' in html
    assert _row(html, "新举报，待受理") == "2"  # the report another handler took is not theirs to see
    assert _row(html, "已逾期未办结") == "1"
    assert _row(html, "7 日内到期") == "1"
    assert _row(html, "延期待批准") == "1"
    assert _row(html, "整改逾期未复查或未整改到位") == "1"  # their own order only
    assert "奖励待审批" not in html
    for query in ("?status=submitted", "?due=overdue", "?due=soon", "?due=extension"):
        assert f"/admin/tipoffs/{query}" in html


def test_lead_sees_every_report_and_rewards_awaiting_approval_but_no_identity(client, django_assert_max_num_queries):
    _mine, lead = _scenario()
    login(client, lead)
    with django_assert_max_num_queries(25):
        response = client.get("/admin/")

    html = response.content.decode()
    assert _row(html, "新举报，待受理") == "3"
    assert _row(html, "已逾期未办结") == "2"
    assert _row(html, "奖励待审批") == "1"
    assert _row(html, "整改逾期未复查或未整改到位") == "2"
    assert "/admin/tipoffs/rewards/?status=proposed" in html
    assert "李举报" not in html and "13911112222" not in html and "属实单位" not in html


def test_other_staff_do_not_see_tipoff_panel(client):
    submit(place_name="某单位")
    user = User.objects.create_user(username="examiner", email="examiner@example.cn", password="pw-123456!")
    user.groups.add(Group.objects.get(name="考务管理员"))
    client.force_login(User.objects.get(pk=user.pk))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'id="tipoffs-summary-section"' not in response.content.decode()
