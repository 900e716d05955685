"""Booking rush over HTTP (DESIGN §5, issue 11): N signed-in candidates press "book" at once for the
last S seats of one session, against gunicorn + PostgreSQL + Redis, the way the exam day looks.

1. Setup (not timed): a throw-away PostgreSQL database, a session whose first seats are already
   taken so exactly S are left, N candidates with complete profiles, each logged in (a session in
   Redis + the database, as ``cached_db`` keeps it).
2. Reference: a static file fetched by the same N client threads from the same server, same run.
3. Rush: all N POST the booking form (CSRF on) at the same moment. Reported: POST/s, p50/p95/max,
   what each client was told, and the final number of active bookings, which must be exactly S.
4. Control: the same rush with the session lock switched off in the server (``BENCH_BOOKINGS_NO_LOCK``,
   read only by ``bench/bookings_rush_conf.py``, the gunicorn config of this script) and seats
   picked at random from a bigger room (otherwise the one-person-per-seat constraint alone stops the
   overbooking): it shows the rush can see the race the lock prevents.

Mails are queued as tasks on commit (``TASKS_BACKEND=database``) and not sent by the request.

Run: .venv/bin/python bench/bookings_rush.py [--clients 300] [--seats 30] [--workers 2] [--no-control]
Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_bookings; the
database is dropped and recreated) and Redis (REDIS_URL, default redis://127.0.0.1:6379/3).
Budget (issue 11): ≥ 150 POST/s, p95 ≤ N / 150 s, exactly S booked.
"""

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from httpbench import free_port, recreate_database  # noqa: E402 (bench/, the script's own folder)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_bookings"
STATIC_ROOT = Path(tempfile.gettempdir()) / "bench_bookings_static"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings")
os.environ.setdefault("EMAIL_URL", "console://")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMDA=")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SMS_BACKEND", "accounts.sms.DisabledSMSBackend")
os.environ["DEBUG"] = "0"
os.environ["TASKS_BACKEND"] = "database"
os.environ["STATIC_ROOT"] = str(STATIC_ROOT)
# One key for the setup process and the server: a login's session carries a hash made with it.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(16))


_numbers = iter(range(1, 10**6))


def _candidates(n: int, prefix: str):
    """N candidates with complete profiles, written in one go (no password: they log in by session)."""
    from accounts.models import User
    from tests.bookings.factories import id_number

    numbers = [next(_numbers) for _ in range(n)]
    users = [
        User(
            username=f"{prefix}{i}",
            email=f"{prefix}{i}@example.com",
            real_name=f"考生{i}",
            id_number=id_number(i),
            phone=f"139{i:08d}",
        )
        for i in numbers
    ]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=500)
    return list(User.objects.filter(username__startswith=prefix).order_by("pk"))


def _session_for_rush(*, seats: int, subject, name: str, room_seats: int, start: str):
    """A session whose first ``seats`` seats are taken, so exactly ``seats`` are left."""
    from bookings.services import booking_create
    from tests.bookings import factories as f

    taken = seats
    room = f.room(seats=room_seats, subjects=[subject], name=name)
    end = f"{int(start[:2]) + 2:02d}:00"
    session = f.session(capacity=taken + seats, room_obj=room, subjects=[subject], days_ahead=10, start=start, end=end)
    for user in _candidates(taken, f"early-{name}-"):
        booking_create(candidate=user, session_id=session.pk, subject_id=subject.pk)
    return session


def _logins(users) -> list[str]:
    from django.conf import settings
    from django.test import Client

    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return cookies


def setup(clients: int, seats: int):
    import django

    django.setup()
    from django.core.management import call_command

    from tests.bookings import factories as f

    call_command("migrate", verbosity=0)
    if not (STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    locked = f.subject("low-voltage-electrician", "低压电工作业")
    control = f.subject("high-voltage-electrician", "高压电工作业")
    warm = f.subject("welding", "熔化焊接与热切割作业")
    rush = _session_for_rush(seats=seats, subject=locked, name="rush", room_seats=2 * seats, start="09:00")
    # The control room is bigger than the session, so random seats rarely collide (see the module doc);
    # an afternoon session, so the morning's bookings do not clash with it.
    no_lock = _session_for_rush(
        seats=seats, subject=control, name="control", room_seats=2 * seats + clients, start="14:00"
    )
    warm_session = f.session(
        capacity=40, subjects=[warm], room_obj=f.room(seats=40, subjects=[warm], name="warm"), days_ahead=12
    )
    users = _candidates(clients, "rush-")
    warm_users = _candidates(8, "warm-")
    return {
        "rush": (rush, locked.pk),
        "control": (no_lock, control.pk),
        "warm": (warm_session, warm.pk),
        "cookies": _logins(users),
        "warm_cookies": _logins(warm_users),
    }


class Server:
    def __init__(self, workers: int, *, threads: int = 1, no_lock: bool = False):
        self.port = free_port()
        env = {**os.environ, "CONN_MAX_AGE": "60", "BENCH_BOOKINGS_NO_LOCK": "1" if no_lock else "0"}
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "edu_platform.wsgi",
                "-c",
                str(ROOT / "bench/bookings_rush_conf.py"),
                "-w",
                str(workers),
                "--threads",
                str(threads),
                "-b",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


FULL = "full (waiting list offered)"


def _headers(port: int, cookie: str, csrf: str) -> dict[str, str]:
    return {
        "Cookie": f"sessionid={cookie}; csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-Proto": "https",
        "Origin": f"https://127.0.0.1:{port}",
        "Host": f"127.0.0.1:{port}",
    }


def _post(port: int, path: str, body: bytes, headers: dict[str, str]) -> tuple[float, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    t0 = time.perf_counter()
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        location = response.getheader("Location") or ""
        if response.status == 302 and "/tickets/" in location:
            outcome = "booked"
        elif response.status == 302 and "full=1" in location:
            outcome = FULL
        elif response.status == 302:
            outcome = f"refused or busy → {location}"
        else:
            outcome = f"HTTP {response.status}"
    except OSError as exc:
        outcome = f"error {exc.__class__.__name__}"
    finally:
        conn.close()
    return time.perf_counter() - t0, outcome


def _all_at_once(n: int, call) -> tuple[float, list[tuple[float, str]]]:
    """Run ``call(i)`` from n threads released together; the wall time and each call's result."""
    barrier = threading.Barrier(n + 1)
    results: list = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        results[i] = call(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    barrier.wait()
    t0 = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - t0, results


def _static_reference(port: int, clients: int, rounds: int = 3) -> float:
    from django.templatetags.static import static

    path = static("bookings/bookings.css")

    def fetch(i: int) -> int:
        done = 0
        for _ in range(rounds):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"})
            response = conn.getresponse()
            response.read()
            conn.close()
            done += response.status == 200
        return done

    wall, results = _all_at_once(clients, fetch)
    return sum(results) / wall


def _warm(port: int, data) -> None:
    """Each worker has served the page and the booking POST once before the clock starts."""
    session, subject_id = data["warm"]
    csrf = secrets.token_hex(16)
    for cookie in data["warm_cookies"]:
        _post(
            port,
            f"/bookings/sessions/{session.pk}/book/",
            f"csrfmiddlewaretoken={csrf}&subject={subject_id}".encode(),
            _headers(port, cookie, csrf),
        )


def rush(port: int, data, which: str, seats: int) -> dict:
    from bookings.models import ACTIVE_STATUSES, Booking

    session, subject_id = data[which]
    csrf = secrets.token_hex(16)  # a 32-character secret is accepted as the form token too
    body = f"csrfmiddlewaretoken={csrf}&subject={subject_id}".encode()
    path = f"/bookings/sessions/{session.pk}/book/"
    cookies = data["cookies"]
    wall, results = _all_at_once(len(cookies), lambda i: _post(port, path, body, _headers(port, cookies[i], csrf)))
    latencies = sorted(r[0] for r in results)
    outcomes: dict[str, int] = {}
    for _, outcome in results:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    active = Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES).count()
    return {
        "wall": wall,
        "rate": len(results) / wall,
        "p50": statistics.median(latencies),
        "p95": latencies[int(0.95 * (len(latencies) - 1))],
        "max": latencies[-1],
        "outcomes": outcomes,
        "booked_now": active - (session.capacity - seats),
    }


def _report(title: str, result: dict, seats: int) -> None:
    print(title)
    print(f"  wall {result['wall']:.2f} s, {result['rate']:.0f} POST/s")
    print(
        f"  latency p50 {result['p50'] * 1000:.0f} ms, p95 {result['p95'] * 1000:.0f} ms, "
        f"max {result['max'] * 1000:.0f} ms"
    )
    for outcome, n in sorted(result["outcomes"].items()):
        print(f"  {outcome}: {n}")
    print(f"  seats booked in the rush: {result['booked_now']} (seats left before: {seats})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--seats", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1 = sync, as deployed)")
    parser.add_argument("--no-control", action="store_true")
    args = parser.parse_args()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        print("Use PostgreSQL (DATABASE_URL=postgres://…).")
        return 2
    recreate_database(os.environ["DATABASE_URL"])
    started = time.perf_counter()
    data = setup(args.clients, args.seats)
    print(f"setup {time.perf_counter() - started:.0f} s (not timed)")

    server = Server(args.workers, threads=args.threads)
    load_before = os.getloadavg()[0]
    try:
        _warm(server.port, data)
        static_rate = _static_reference(server.port, args.clients)
        locked = rush(server.port, data, "rush", args.seats)
    finally:
        server.stop()
    kind = f"{args.workers} workers" + (f" × {args.threads} threads (gthread)" if args.threads > 1 else " (sync)")
    print(
        f"booking rush: {args.clients} clients for the last {args.seats} seats, "
        f"gunicorn {kind}, PostgreSQL + Redis; load average before / after {load_before:.2f} / "
        f"{os.getloadavg()[0]:.2f} (1 min)"
    )
    print(f"  reference: static file {static_rate:.0f} req/s ({args.clients} clients, same server, same run)")
    _report("with the session lock", locked, args.seats)
    ok = locked["booked_now"] == args.seats
    budget_p95 = args.clients / 150
    print(
        f"  budget: ≥ 150 POST/s → {'met' if locked['rate'] >= 150 else 'NOT met'}; "
        f"p95 ≤ {budget_p95:.1f} s → {'met' if locked['p95'] <= budget_p95 else 'NOT met'}; "
        f"exactly {args.seats} booked → {'OK' if ok else 'WRONG'}"
    )
    if not args.no_control:
        server = Server(args.workers, threads=args.threads, no_lock=True)
        try:
            _warm(server.port, data)
            control = rush(server.port, data, "control", args.seats)
        finally:
            server.stop()
        _report("control: lock switched off (BENCH_BOOKINGS_NO_LOCK=1), random seats", control, args.seats)
        print(f"  → {'overbooked: the rush sees the race' if control['booked_now'] > args.seats else 'no overbooking'}")
    _table(static_rate, locked, control if not args.no_control else None, args.seats)
    return 0 if ok else 1


def _table(static_rate: float, locked: dict, control: dict | None, seats: int) -> None:
    """The summary as a Markdown table for bench/README.md."""
    runs = [("with the lock", locked)] + ([("control (lock off)", control)] if control else [])
    print()
    print("| | " + " | ".join(name for name, _ in runs) + " |")
    print("|---|" + "---|" * len(runs))
    print(f"| static file, same server | {static_rate:,.0f} req/s |" + " — |" * (len(runs) - 1))
    rows = [
        ("booking POST throughput", lambda r: f"{r['rate']:.0f} POST/s ({r['rate'] / static_rate:.0%} of static)"),
        (
            "latency p50 / p95 / max",
            lambda r: f"{r['p50'] * 1000:.0f} / {r['p95'] * 1000:.0f} / {r['max'] * 1000:.0f} ms",
        ),
        (
            "booked / told full",
            lambda r: f"{r['outcomes'].get('booked', 0)} / {r['outcomes'].get(FULL, 0)}",
        ),
        (f"seats booked for {seats} left", lambda r: f"**{r['booked_now']}**"),
    ]
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(r) for _, r in runs) + " |")


if __name__ == "__main__":
    sys.exit(main())
