"""Certificate register at county scale: the legacy import and the pages over a big register.

Measures ``certificates_import`` of N rows (new, then the same file again: all unchanged), then over
those N certificates: the admin listing (first page, and with the SQL status filter), the public
verification page, and one run of the reminder service. Query counts exclude BEGIN/COMMIT/SAVEPOINT.

Run: .venv/bin/python bench/certificates_register.py [--rows 20000]  (a throw-away SQLite file unless
DATABASE_URL is set).
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = Path(tempfile.mkdtemp(prefix="bench_certificates_"))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{_tmp / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings_test")

import django  # noqa: E402

django.setup()

from io import StringIO  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from accounts.validators import id_number_check_char  # noqa: E402

HEADER = [
    "证书编号",
    "姓名",
    "身份证号",
    "证书类型",
    "人员类别",
    "行业",
    "单位",
    "初领日期",
    "有效期至",
    "下次复审日期",
]
OPERATIONS = ["低压电工作业", "高压电工作业", "熔化焊接与热切割作业", "登高架设作业", "制冷与空调设备运行操作作业"]


def id_number(n: int) -> str:
    first17 = f"4209231980{(n % 12) + 1:02d}{(n % 28) + 1:02d}{n % 1000:03d}"
    return first17 + id_number_check_char(first17)


def write_file(path: Path, rows: int) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("证书台账")
    ws.append(HEADER)
    base = datetime.date(2020, 1, 1)
    for n in range(rows):
        issued = base + datetime.timedelta(days=n % 2000)
        if issued.month == 2 and issued.day == 29:
            issued -= datetime.timedelta(days=1)
        if n % 4 == 0:
            until = issued.replace(year=issued.year + 3)
            ws.append(
                [
                    f"A{n:07d}",
                    f"持证人{n}",
                    id_number(n),
                    "安全资格证",
                    "主要负责人",
                    "危险化学品",
                    "",
                    issued,
                    until,
                    "",
                ]
            )
        else:
            until = issued.replace(year=issued.year + 6)
            review = issued.replace(year=issued.year + 3)
            op = OPERATIONS[n % len(OPERATIONS)]
            ws.append(
                [f"T{n:07d}", f"持证人{n}", id_number(n), "特种作业操作证", op, "", "某厂", issued, until, review]
            )
    wb.save(path)


def timed(label: str, fn):
    start, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    queries = [
        q
        for q in ctx.captured_queries
        if q["sql"].split()[0].upper() not in {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"}
    ]
    print(
        f"{label:<52} {time.perf_counter() - start:7.3f} s wall {time.process_time() - cpu:7.3f} s CPU "
        f"{len(queries):6d} queries"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    path = _tmp / "register.xlsx"
    write_file(path, args.rows)
    print(f"rows: {args.rows}  file: {path.stat().st_size / 1024 / 1024:.1f} MB  database: {connection.vendor}")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    quiet = {"stdout": StringIO()}
    timed(
        f"certificates_import ({args.rows} new rows)", lambda: call_command("certificates_import", str(path), **quiet)
    )
    timed("certificates_import again (all unchanged)", lambda: call_command("certificates_import", str(path), **quiet))

    from accounts.models import User
    from certificates.services.reminders import reminders_send

    admin = User.objects.create_superuser("bench-admin", "bench@example.cn", "pw")
    client = Client()
    client.force_login(admin)
    client.get("/admin/certificates/register/")  # warm up templates and content types
    timed("admin listing, first page", lambda: client.get("/admin/certificates/register/"))
    timed(
        "admin listing, status 待复审 (SQL ranges)",
        lambda: client.get("/admin/certificates/register/?status=due_review"),
    )
    timed(
        "admin Excel export, status 有效", lambda: client.get("/admin/certificates/register/export.xlsx?status=valid")
    )
    anonymous = Client()
    timed("public verification page", lambda: anonymous.get("/certificates/verify/T0000001/"))
    sent = timed("reminders_send over the register (no accounts)", lambda: reminders_send())
    print(f"reminders sent: {sent} (imported rows without an account get none)")


if __name__ == "__main__":
    main()
