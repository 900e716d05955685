"""Session list with 1,000 sessions (DESIGN §5): queries per page stay fixed, whatever the page.

Run: .venv/bin/python bench/bookings_session_list.py  (a throw-away SQLite file unless DATABASE_URL is set).
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench_bookings_')) / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = 30
QUERY_BUDGET = 10


def main() -> int:
    from bookings.models import ExamSession
    from bookings.services import booking_create, sessions_bulk_create
    from tests.bookings import factories as f

    call_command("migrate", verbosity=0)
    admin = f.exam_admin()
    room = f.room(seats=40)
    subject = f.subject()
    times = [(datetime.time(h), datetime.time(h + 1)) for h in (8, 10, 13, 15, 17)]
    first = datetime.date.today() + datetime.timedelta(days=2)
    sessions_bulk_create(
        actor=admin, room=room, subjects=[subject], first_date=first, weeks=29, weekdays=list(range(7)), times=times
    )
    for s in ExamSession.objects.order_by("date")[:40]:
        for _ in range(3):
            booking_create(candidate=f.candidate(), session_id=s.pk, subject_id=subject.pk)
    total = ExamSession.objects.count()
    client = Client()
    client.force_login(f.candidate())
    worst = 0
    for label, params in [
        ("first page", {}),
        ("page 30", {"page": 30}),
        ("subject + centre + dates", {"subject": subject.pk, "centre": room.centre_id, "date_from": first.isoformat()}),
    ]:
        timings = []
        for _ in range(RUNS):
            connection.queries_log.clear()  # the setup filled the 9,000-entry log
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get("/bookings/", params)
                timings.append(time.perf_counter() - t0)
            assert response.status_code == 200
        worst = max(worst, len(queries))
        print(
            f"session list ({total} sessions), {label}: {len(queries)} queries, "
            f"median {statistics.median(timings) * 1000:.1f} ms over {RUNS} requests"
        )
    print(f"query budget {QUERY_BUDGET}: {'OK' if worst <= QUERY_BUDGET else 'OVER'} (worst {worst})")
    return 0 if worst <= QUERY_BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
