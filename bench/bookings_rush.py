"""Booking rush (DESIGN §5): many candidates press "book" at once for the last seats of one session.

Real clients over HTTP against gunicorn + PostgreSQL. Reports throughput, p50/p95 latency, the
answers the clients got and the final number of active bookings, which must equal the seats.

Run: .venv/bin/python bench/bookings_rush.py [--clients 500] [--seats 50] [--workers 4] [--sqlite]
Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_bookings; the
database is dropped and recreated) and gunicorn from the venv.
"""

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_bookings"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings")
os.environ.setdefault("EMAIL_URL", "console://")
# One key for the setup process and the server: a login's session carries a hash made with it.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(16))


def _recreate_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _setup(clients: int, seats: int):
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from tests.bookings import factories as f

    call_command("migrate", verbosity=0)
    session = f.session(capacity=seats, room_obj=f.room(seats=max(seats, 10)))
    subject_id = session.subjects.first().pk
    cookies = []
    for _ in range(clients):
        client = Client()
        client.force_login(f.candidate())
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return session, subject_id, cookies


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--sqlite", action="store_true", help="a throw-away SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    if args.sqlite:
        import tempfile

        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tempfile.mkdtemp(prefix='bench_rush_')) / 'rush.sqlite3'}"
    elif os.environ["DATABASE_URL"].startswith("postgres"):
        _recreate_database(os.environ["DATABASE_URL"])
    else:
        print("Use PostgreSQL (DATABASE_URL=postgres://…) or --sqlite.")
        return 2
    session, subject_id, cookies = _setup(args.clients, args.seats)

    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "FIELD_ENCRYPTION_KEY": "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMDA=",
        "SMS_BACKEND": "accounts.sms.DisabledSMSBackend",
        "CONN_MAX_AGE": "60",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "edu_platform.wsgi",
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        csrf = secrets.token_hex(16)  # a 32-character secret is accepted as the form token too
        body = f"csrfmiddlewaretoken={csrf}&subject={subject_id}".encode()
        path = f"/bookings/sessions/{session.pk}/book/"
        start = threading.Barrier(len(cookies) + 1)
        results: list[tuple[float, str]] = []
        lock = threading.Lock()

        def client(cookie: str) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            headers = {
                "Cookie": f"sessionid={cookie}; csrftoken={csrf}",
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Forwarded-Proto": "https",
                "Origin": f"https://127.0.0.1:{port}",
                "Host": f"127.0.0.1:{port}",
            }
            start.wait()
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                location = response.getheader("Location") or ""
                if response.status == 302 and "/tickets/" in location:
                    outcome = "booked"
                elif response.status == 302 and "full=1" in location:
                    outcome = "full (waiting list offered)"
                elif response.status == 302 and location.endswith("/bookings/"):
                    outcome = "busy (asked to retry)"
                else:
                    outcome = f"HTTP {response.status} {location}"
            except OSError as exc:
                outcome = f"error {exc.__class__.__name__}"
            elapsed = time.perf_counter() - t0
            with lock:
                results.append((elapsed, outcome))

        threads = [threading.Thread(target=client, args=(c,)) for c in cookies]
        for t in threads:
            t.start()
        start.wait()
        t0 = time.perf_counter()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=30)

    from bookings.models import ACTIVE_STATUSES, Booking

    final = Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES).count()
    latencies = sorted(r[0] for r in results)
    outcomes: dict[str, int] = {}
    for _, outcome in results:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    engine = "SQLite" if args.sqlite else "PostgreSQL"
    print(f"booking rush: {args.clients} clients, {args.seats} seats, gunicorn {args.workers} workers, {engine}")
    print(f"  wall time {wall:.2f} s, throughput {len(results) / wall:.0f} requests/s")
    p50 = statistics.median(latencies)
    print(f"  latency p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
    for outcome, n in sorted(outcomes.items()):
        print(f"  {outcome}: {n}")
    print(f"  final active bookings: {final} (capacity {args.seats}) -> {'OK' if final == args.seats else 'WRONG'}")
    return 0 if final == args.seats else 1


if __name__ == "__main__":
    sys.exit(main())
