"""Demo tip-offs in several states and one reward awaiting approval (``python manage.py seed_demo``).

Idempotent: each demo report has a fixed number and is skipped when it exists. Receipt codes are
printed once, when a report is first created, so the follow-up page can be tried.
"""

import io
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Industry, Town, User

from . import services
from .models import Category, Finding, RectificationOrder, ReviewResult, TipOff, TipOffEvent
from .uploads import sanitise_uploads

EMAIL_DOMAIN = "demo.yunmeng.gov.cn"


def _user(username: str, group: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@{EMAIL_DOMAIN}"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def _photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 420), (235, 240, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 120, 580, 380), outline=(180, 40, 40), width=8)
    for x in range(90, 560, 60):
        draw.rectangle((x, 260, x + 40, 370), fill=(30, 90, 160))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile("warehouse.jpg", out.getvalue())


DEMO = [
    (
        "JBDEMO-01",
        Category.MAJOR_HAZARD,
        "城关镇某五金仓库",
        "仓库内堆放大量油漆稀释剂，消防通道被货物堵死。",
        None,
        "submitted",
    ),
    (
        "JBDEMO-02",
        Category.METHANOL_FUEL,
        "某农家乐",
        "后厨使用来历不明的醇基燃料，用塑料桶存放在灶台边。",
        None,
        "accepted",
    ),
    ("JBDEMO-03", Category.NINE_SMALL_PLACES, "某网吧", "网吧安全出口上锁，灭火器过期。", None, "overdue"),
    (
        "JBDEMO-04",
        Category.ILLEGAL_OPERATION,
        "某无证烟花爆竹储存点",
        "民房内非法储存烟花爆竹约 200 箱。",
        {"real_name": "陈明", "id_number": "11010519491231002X", "mobile": "13871009999"},
        "rewarded",
    ),
    ("JBDEMO-05", Category.OTHER, "某小区", "楼道里电动车充电。", None, "declined"),
    (
        "JBDEMO-06",
        Category.MAJOR_HAZARD,
        "某建筑工地",
        "塔吊基础积水，作业人员未系安全带高处作业。",
        None,
        "rectification_overdue",
    ),
]
SECTORS = {
    "JBDEMO-01": Industry.INDUSTRY_TRADE,
    "JBDEMO-02": Industry.OTHER,
    "JBDEMO-03": Industry.OTHER,
    "JBDEMO-04": Industry.FIREWORKS,
    "JBDEMO-05": "",
    "JBDEMO-06": Industry.CONSTRUCTION,
}


def _backdate(tipoff: TipOff, days: int) -> None:
    """Move a demo report's whole history back, so submission, acceptance and deadline stay in order
    (a report "submitted today" must not already be overdue, issue 13)."""
    shift = timedelta(days=days)
    tipoff.refresh_from_db()
    fields = ["created_at", "accepted_at", "due_at", "concluded_at"]
    TipOff.objects.filter(pk=tipoff.pk).update(
        **{name: getattr(tipoff, name) - shift for name in fields if getattr(tipoff, name) is not None}
    )
    for event in TipOffEvent.objects.filter(tipoff=tipoff):
        TipOffEvent.objects.filter(pk=event.pk).update(created_at=event.created_at - shift)
    for message in tipoff.messages.all():
        type(message).objects.filter(pk=message.pk).update(created_at=message.created_at - shift)


def seed(stdout) -> None:
    handler = _user("demo_tipoff_handler", "举报受理员")
    _user("demo_reward_approver", "奖励审批人")
    towns = list(Town.objects.order_by("sort_order", "pk")[:5])
    for index, (number, category, place, description, identity, state) in enumerate(DEMO):
        if TipOff.objects.filter(number=number).exists():
            continue
        tipoff, code = services.tipoff_submit(
            category=category,
            town=towns[index % len(towns)],
            place_name=place,
            description=description,
            identity=identity,
            files=sanitise_uploads([_photo()]) if index == 0 else [],
            sector=SECTORS.get(number, ""),
        )
        # Fixed numbers make the demo idempotent; real numbers are random.
        TipOff.objects.filter(pk=tipoff.pk).update(number=number)
        tipoff.number = number
        stdout.write(f"  举报 {number}（{state}）回执码：{code}")
        if state == "declined":
            services.tipoff_decline(tipoff=tipoff, actor=handler, reason="不属于安全生产举报范围，已转物业和消防部门。")
            continue
        if state == "submitted":
            continue
        tipoff = services.tipoff_accept(tipoff=tipoff, actor=handler)
        services.tipoff_message_send(
            tipoff=tipoff, actor=handler, body="您好，请问燃料是在哪个位置存放的？方便补充照片吗？"
        )
        if state == "overdue":
            tipoff = services.tipoff_verify_start(tipoff=tipoff, actor=handler)
            _backdate(tipoff, 65)
        if state == "rewarded":
            services.tipoff_verify_start(tipoff=tipoff, actor=handler)
            services.tipoff_conclude(
                tipoff=tipoff,
                actor=handler,
                finding=Finding.SUBSTANTIATED,
                outcome_public="经查属实，已依法没收并处罚款 80,000 元。",
                fine_amount=Decimal("80000"),
            )
            reward = services.reward_propose(tipoff=tipoff, actor=handler)
            stdout.write(f"  奖励 ¥{reward.amount} 待 demo_reward_approver 审批")
            order = services.rectification_order_issue(
                tipoff=tipoff,
                actor=handler,
                requirements="立即清除非法储存的烟花爆竹，不得再用于储存。",
                responsible_unit="城关镇人民政府",
                deadline=timezone.localdate(),
            )
            services.rectification_review(
                order=order, actor=handler, result=ReviewResult.RECTIFIED, reviewed_on=timezone.localdate()
            )
        if state == "rectification_overdue":
            services.tipoff_verify_start(tipoff=tipoff, actor=handler)
            services.tipoff_conclude(
                tipoff=tipoff,
                actor=handler,
                finding=Finding.SUBSTANTIATED,
                outcome_public="经查属实，已责令施工单位限期整改。",
            )
            order = services.rectification_order_issue(
                tipoff=tipoff,
                actor=handler,
                requirements="排除塔吊基础积水；高处作业人员必须系挂安全带。",
                responsible_unit="某建设工程有限公司",
                deadline=timezone.localdate(),
            )
            _backdate(tipoff, 20)
            # The deadline passed five days ago without a 复查: the dashboard shows it as overdue.
            RectificationOrder.objects.filter(pk=order.pk).update(
                issued_at=order.issued_at - timedelta(days=20), deadline=order.deadline - timedelta(days=5)
            )
