"""Exam-day hot path in process, counted rather than timed (issue 11): the question page, its
autosave and the booking-free part of the request cycle, through Django's test client with the
production settings (DEBUG=0, CSRF enforced, sessions ``cached_db`` in Redis when REDIS_URL is set).

For a fixed number of requests of each kind it reports, per request: SQL queries, cache (Redis)
commands, Python function calls (cProfile's count: deterministic for the same code and data,
whatever else the machine is doing) and CPU time of this process (``time.process_time``, which a
loaded machine disturbs far less than wall time). ``--profile`` prints the functions that cost the
most, to find per-request work that does not depend on the request.

Run: .venv/bin/python bench/exam_hot_path_cpu.py [--rounds 3] [--profile]
     (a throw-away SQLite database and local-memory cache), or on the production stack:
     DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/exam_hot_path_cpu.py
The PostgreSQL database named in DATABASE_URL is dropped and recreated.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from httpbench import recreate_database  # noqa: E402 (bench/, the script's own folder)

TMP = Path(tempfile.mkdtemp(prefix="bench_hot_path_"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings")
os.environ.setdefault("EMAIL_URL", "console://")
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(16))
os.environ.setdefault("STATIC_ROOT", str(TMP / "static"))
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMDA=")
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ.setdefault("SMS_BACKEND", "accounts.sms.DisabledSMSBackend")
os.environ.setdefault("ACCOUNT_PHONE_VERIFICATION_ENABLED", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

HOST = "127.0.0.1"
DUMP = [""]  # --dump PREFIX: cProfile data per request kind, for pstats
HEADERS = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_ORIGIN": f"https://{HOST}", "HTTP_REFERER": f"https://{HOST}/"}


def setup():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command

    from accounts.loadtest import USERNAME

    call_command("migrate", verbosity=0)
    cache.clear()
    call_command("collectstatic", "--noinput", verbosity=0)
    out = io.StringIO()
    call_command(
        "seed_loadtest", *("--questions", "200", "--candidates", "2", "--sessions", "1", "--pages", "1"), stdout=out
    )
    return get_user_model().objects.get(username=USERNAME.format(1))


class CacheCounter:
    """Counts the commands the default cache sends (one per get/set/…), without changing them."""

    def __init__(self):
        self.count = 0
        self._originals = {}

    def __enter__(self):
        from django.core.cache import caches

        backend = caches["default"]
        # RedisCache: count at its client (one Redis command each); LocMemCache: the public calls.
        target = type(backend._cache) if hasattr(backend._cache, "get_client") else type(backend)
        for name in ("get", "set", "add", "delete", "get_many", "set_many", "incr", "touch", "has_key"):
            original = getattr(target, name)
            self._originals[(target, name)] = original

            def counted(*args, _original=original, **kwargs):
                self.count += 1
                return _original(*args, **kwargs)

            setattr(target, name, counted)
        return self

    def __exit__(self, *exc):
        for (target, name), original in self._originals.items():
            setattr(target, name, original)


def measure(label: str, calls, *, profile: bool) -> dict:
    """Run the calls (each one request) once for warm-up, then measured; per-request figures."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    calls[0]()  # warm: first-request work (templates compiled, translations loaded) is not per request
    with CaptureQueriesContext(connection) as queries, CacheCounter() as cache_calls:
        for call in calls:
            call()
    n = len(calls)
    work = [q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    profiler = cProfile.Profile(time.process_time)  # CPU, not wall: waits on PostgreSQL/Redis do not count
    cpu0 = time.process_time()
    profiler.enable()
    for call in calls:
        call()
    profiler.disable()
    cpu = time.process_time() - cpu0
    stats = pstats.Stats(profiler)
    cpu_plain0 = time.process_time()
    for call in calls:
        call()
    cpu_plain = time.process_time() - cpu_plain0
    row = {
        "label": label,
        "queries": len(work) / n,
        "cache": cache_calls.count / n,
        "calls": stats.total_calls / n,
        "cpu_ms": cpu_plain / n * 1000,
        "cpu_profiled_ms": cpu / n * 1000,
    }
    if DUMP[0]:
        stats.dump_stats(f"{DUMP[0]}.{label.split()[0]}.pstats")
    if profile:
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(35)
        print(f"\n--- {label}: top functions by own time ({n} requests)\n{buffer.getvalue()}")
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(60)
        print(f"\n--- {label}: top functions by cumulative time\n{buffer.getvalue()}")
    return row


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2, help="passes over the 100 questions per measurement")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--dump", default="", help="write cProfile data to PREFIX.<kind>.pstats")
    parser.add_argument("--keep-db", action="store_true", help="PostgreSQL: reuse the database (already seeded)")
    args = parser.parse_args()
    DUMP[0] = args.dump
    url = os.environ["DATABASE_URL"]
    if url.startswith("postgres") and not args.keep_db:
        recreate_database(url)
    learner = setup()

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    client = Client(enforce_csrf_checks=True, HTTP_HOST=HOST, **HEADERS)
    client.force_login(learner)
    client.get("/exams/")  # the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    start = client.post(reverse("exams:mock_start", args=["loadtest-low-voltage"]), {"csrfmiddlewaretoken": csrf})
    attempt_id = int(start["Location"].rstrip("/").rsplit("/", 1)[-1])
    positions = list(range(1, 101)) * args.rounds

    def page(position):
        def call():
            response = client.get(reverse("exams:attempt_question", args=[attempt_id, position]))
            assert response.status_code == 200, response.status_code

        return call

    def save(position):
        def call():
            response = client.post(
                reverse("exams:attempt_question", args=[attempt_id, position]),
                {"answer": "A"},
                HTTP_ACCEPT="application/json",
                HTTP_X_CSRFTOKEN=csrf,
            )
            assert response.status_code == 200 and response.json()["saved"], response.content

        return call

    def static():
        response = client.get(settings.STATIC_URL + "edu_platform/css/site.css")
        assert response.status_code in (200, 304, 404), response.status_code

    rows = [
        measure("question page (GET)", [page(p) for p in positions], profile=args.profile),
        measure("autosave (POST, JSON)", [save(p) for p in positions], profile=args.profile),
        measure("healthz (the request cycle alone)", [lambda: client.get("/healthz")] * 100, profile=args.profile),
    ]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"exam hot path in process: {engine} + {cache}, sessions {settings.SESSION_ENGINE.rsplit('.', 1)[-1]}, "
          f"DEBUG=0, CSRF enforced; {len(positions)} requests each; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print()
    print("| request | SQL queries | cache commands | Python function calls | CPU ms (this process) |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['label']} | {row['queries']:.1f} | {row['cache']:.1f} | {row['calls']:,.0f} | "
            f"{row['cpu_ms']:.2f} (profiled {row['cpu_profiled_ms']:.2f}) |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
