"""Tip-off pages at volume: query counts must not grow with the data, and photo sanitising cost.

Data: 5,000 reports (200 through the real service, the rest bulk-inserted) spread over the sectors
(行业领域), 20 messages on one report, 60 concluded reports with rectification orders (half of them
past their deadline) and 60 rewards. Budgets: the reporter's follow-up page ≤ 15 queries (DESIGN §5,
uncached public page); admin pages ≤ 25, of which 11 are the fixed cost of any Wagtail admin page
here (session, user, MFA middleware, permissions, Wagtail locale and page/collection/site permissions).
Also times tipoff_submit with one 12-megapixel JPEG carrying GPS EXIF (re-encoded in memory).

Run: .venv/bin/python bench/tipoffs_pages.py  (a throw-away SQLite file unless DATABASE_URL is set).
"""

import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    _tmp = Path(tempfile.mkdtemp(prefix="bench_tipoffs_")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = 10
BUDGET = 15
ADMIN_BUDGET = 25
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - a throw-away TOTP secret


def _setup():
    from datetime import timedelta
    from decimal import Decimal

    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.models import Industry, Town, User
    from tipoffs import services
    from tipoffs.crypto import receipt_code_new, receipt_hash
    from tipoffs.models import Category, Finding, RectificationOrder, TipOff

    call_command("migrate", verbosity=0)
    sectors = list(Industry.values)
    towns = list(Town.objects.all())
    lead = User.objects.create_user(username="bench_lead", email="lead@example.cn", password="x")  # noqa: S106
    lead.groups.add(Group.objects.get(name="奖励审批人"), Group.objects.get(name="举报受理员"))
    TOTP.activate(lead, SECRET)
    lead = User.objects.get(pk=lead.pk)
    categories = list(Category.values)
    first_code = None
    for n in range(200):
        tipoff, code = services.tipoff_submit(
            category=categories[n % len(categories)],
            town=towns[n % len(towns)],
            place_name=f"单位 {n}",
            description="基准数据",
            sector=sectors[n % len(sectors)],
            identity={"real_name": "张三", "id_number": "11010519491231002X", "mobile": "13800138000"}
            if n % 3
            else None,
        )
        if n % 2:
            services.tipoff_accept(tipoff=tipoff, actor=lead)
        first_code = first_code or (tipoff, code)
    TipOff.objects.bulk_create(
        TipOff(
            number=f"JBBENCH-{n:05d}",
            receipt_hash=receipt_hash(receipt_code_new()),
            category=categories[n % len(categories)],
            town=towns[n % len(towns)],
            place_name=f"批量单位 {n}",
            description="基准数据",
            sector=sectors[n % len(sectors)],
        )
        for n in range(4800)
    )
    tipoff, code = first_code
    concluded = TipOff.objects.filter(status="accepted", is_anonymous=False).exclude(category="concealed_accident")
    for n, report in enumerate(concluded[:60]):
        services.tipoff_verify_start(tipoff=report, actor=lead)
        report = services.tipoff_conclude(
            tipoff=report, actor=lead, finding=Finding.SUBSTANTIATED, outcome_public="属实", fine_amount=Decimal(50000)
        )
        services.reward_propose(tipoff=report, actor=lead)
        order = services.rectification_order_issue(
            tipoff=report,
            actor=lead,
            requirements="限期整改",
            responsible_unit=f"责任单位 {n}",
            deadline=timezone.localdate(),
        )
        if n % 2:  # past its deadline, no 复查 yet: an overdue alert on the dashboard
            RectificationOrder.objects.filter(pk=order.pk).update(deadline=order.deadline - timedelta(days=3))
    for i in range(10):
        services.tipoff_message_send(tipoff=tipoff, actor=lead, body=f"留言 {i}")
        services.tipoff_reply(tipoff=tipoff, body=f"回复 {i}")
    return lead, tipoff, code


def _staff_client(lead):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    client = Client()
    client.force_login(lead)
    code = format_hotp_value(hotp_value(SECRET, next(yield_hotp_counters_from_time())))
    client.post("/accounts/2fa/reauthenticate/", {"code": code})
    return client


def _measure(label, fn, budget=BUDGET):
    connection.queries_log.clear()  # a full log (maxlen) would make every count read 0
    with CaptureQueriesContext(connection) as ctx:
        response = fn()
    assert response.status_code == 200, (label, response.status_code)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    verdict = f"ok (≤ {budget})" if len(ctx.captured_queries) <= budget else f"OVER BUDGET {budget}"
    print(f"{label:<34} {len(ctx.captured_queries):>3} queries  median {statistics.median(times):7.1f} ms  {verdict}")


def _photo_bytes() -> bytes:
    from PIL import Image

    image = Image.frombytes("RGB", (4000, 3000), secrets.token_bytes(4000 * 3000 * 3))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 57.0, 0.0), 3: "E", 4: (113.0, 45.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, exif=exif.tobytes())
    return out.getvalue()


def main():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import Town
    from tipoffs import services
    from tipoffs.uploads import sanitise_uploads

    lead, tipoff, code = _setup()
    staff = _staff_client(lead)
    public = Client()
    print("tip-offs: 5,000 reports")
    _measure("admin inbox (page 1 of 100)", lambda: staff.get("/admin/tipoffs/"), ADMIN_BUDGET)
    _measure(
        "admin inbox, filtered",
        lambda: staff.get("/admin/tipoffs/?status=accepted&category=major_hazard"),
        ADMIN_BUDGET,
    )
    _measure("admin report detail (20 messages)", lambda: staff.get(f"/admin/tipoffs/{tipoff.pk}/"), ADMIN_BUDGET)
    _measure(
        "admin inbox, by sector",
        lambda: staff.get("/admin/tipoffs/?sector=construction&due=overdue"),
        ADMIN_BUDGET,
    )
    _measure("admin rewards (60)", lambda: staff.get("/admin/tipoffs/rewards/"), ADMIN_BUDGET)
    _measure("admin dashboard (30 overdue orders)", lambda: staff.get("/admin/tipoffs/dashboard/"), ADMIN_BUDGET)
    _measure("reporter follow-up page", lambda: public.post("/tipoffs/follow/", {"code": code}))
    data = _photo_bytes()
    times = []
    for _ in range(3):
        upload = SimpleUploadedFile("big.jpg", data)
        start = time.perf_counter()
        services.tipoff_submit(
            category="major_hazard",
            town=Town.objects.first(),
            place_name="照片基准",
            description="12 MP 照片",
            files=sanitise_uploads([upload]),
        )
        times.append((time.perf_counter() - start) * 1000)
    print(f"submit with a 12 MP JPEG ({len(data) // 1024} KB)  median {statistics.median(times):7.1f} ms")


if __name__ == "__main__":
    main()
