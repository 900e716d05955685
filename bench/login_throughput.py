"""Password logins over HTTP (issue 11): N clients sign in through the allauth form, CSRF on, against
gunicorn on PostgreSQL + Redis with the production hasher (Argon2id, m = 19 MiB, t = 2, p = 1).

1. Setup (not timed): a throw-away database, ``--users`` load-test accounts (``accounts.loadtest``,
   one Argon2id hash made once) and one account whose hash is an old PBKDF2 one.
2. Reference: a static file (WhiteNoise) from the same gunicorn, same run, same client threads.
3. Logins: ``--clients`` threads share the accounts; each login is a GET of the form (the CSRF
   cookie and token) and the POST, which must answer 302 with a session cookie. Every account
   logs in once, so each POST verifies one Argon2id hash and writes a new session.
4. Upgrade: the PBKDF2 account logs in over HTTP the same way; afterwards its stored hash must be
   Argon2id (Django re-hashes at the first successful login).

Run: .venv/bin/python bench/login_throughput.py [--users 300] [--clients 20] [--workers 2]
Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench_login; dropped and
recreated) and Redis (REDIS_URL, default redis://127.0.0.1:6379/7). Only 127.0.0.1.
Budget (issue 11): ≥ 25 logins/s with Argon2id.
"""

import argparse
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cpuacct import CpuMeter, describe  # noqa: E402 (bench/, the script's own folder)
from httpbench import free_port, recreate_database, static_rate  # noqa: E402 (bench/, the script's own folder)

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_login")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings")
os.environ.setdefault("EMAIL_URL", "console://")
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(16))
os.environ.setdefault("STATIC_ROOT", str(Path(tempfile.gettempdir()) / "bench_login_static"))
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMDA=")
os.environ.setdefault("SMS_BACKEND", "accounts.sms.DisabledSMSBackend")
os.environ.setdefault("TASKS_BACKEND", "database")
# The load-test accounts have no verified phone and SMS is off: the login would stop at the phone
# verification stage. The password check, the session and the redirect are what is measured.
os.environ.setdefault("ACCOUNT_PHONE_VERIFICATION_ENABLED", "0")

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OLD_EMAIL = "old-hash@loadtest.invalid"
OLD_PASSWORD = "Old-pbkdf2-2019!"  # noqa: S105 - a bench account in a throw-away database


def setup(users: int) -> tuple[str, str]:
    """Migrate, collect static files, seed the accounts; the static path and the hash in use."""
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.cache import cache
    from django.core.management import call_command

    from accounts import loadtest

    call_command("migrate", verbosity=0)
    cache.clear()
    call_command("collectstatic", "--noinput", verbosity=0)
    ids = loadtest.seed(candidates=users)
    User = get_user_model()
    old, _created = User.objects.update_or_create(
        username="old-hash",
        defaults={"email": OLD_EMAIL, "password": make_password(OLD_PASSWORD, hasher="pbkdf2_sha256")},
    )
    EmailAddress.objects.get_or_create(user=old, email=OLD_EMAIL, defaults={"verified": True, "primary": True})
    algorithm = User.objects.get(pk=ids[0]).password.split("$", 3)
    return staticfiles_storage.url("edu_platform/css/site.css"), "$".join(algorithm[:3])


class Browser:
    """One visitor: a keep-alive connection and its cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str, bytes]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{self.port}/accounts/login/",
            "Origin": f"https://127.0.0.1:{self.port}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            return 0, "", b""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", payload


def login(port: int, email: str, password: str) -> tuple[bool, float, float, str]:
    """One sign-in: (signed in?, whole login seconds, POST seconds, what went wrong)."""
    browser = Browser(port)
    t0 = time.perf_counter()
    status, _location, html = browser.request("GET", "/accounts/login/")
    match = CSRF_INPUT.search(html.decode(errors="replace"))
    if status != 200 or not match:
        return False, time.perf_counter() - t0, 0.0, f"form HTTP {status}"
    before = browser.cookies.get("sessionid")
    t1 = time.perf_counter()
    status, location, _ = browser.request(
        "POST", "/accounts/login/", {"csrfmiddlewaretoken": match.group(1), "login": email, "password": password}
    )
    t2 = time.perf_counter()
    browser.conn.close()
    signed_in = status == 302 and "/accounts/login/" not in location and browser.cookies.get("sessionid") != before
    return signed_in, t2 - t0, t2 - t1, "" if signed_in else f"POST HTTP {status} → {location}"


def _argon2_cpu_ms(rounds: int = 10) -> float:
    """CPU time of one password check with the production hasher, without HTTP or Django around it."""
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password("Bench-password-1")
    t0 = time.process_time()
    for _ in range(rounds):
        check_password("Bench-password-1", encoded)
    return (time.process_time() - t0) / rounds * 1000


def _pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=300, help="accounts, each logs in once")
    parser.add_argument("--clients", type=int, default=20, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1 = sync, as deployed)")
    parser.add_argument("--reuse-db", action="store_true", help="keep the database of an earlier run")
    args = parser.parse_args()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        print("login_throughput: needs PostgreSQL (DATABASE_URL=postgres://…); skipped.")
        return 0
    if not args.reuse_db:
        recreate_database(os.environ["DATABASE_URL"])
    started = time.perf_counter()
    static_path, hash_prefix = setup(args.users)
    print(f"setup {time.perf_counter() - started:.0f} s (not timed); accounts hashed with {hash_prefix}$…")

    from accounts.loadtest import EMAIL, PASSWORD

    port = free_port()
    server_log = tempfile.NamedTemporaryFile(prefix="bench_login_gunicorn_", suffix=".log", delete=False)  # noqa: SIM115 (open for the whole run, closed in finally)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "edu_platform.wsgi",
            *("-w", str(args.workers), "--threads", str(args.threads), "-b", f"127.0.0.1:{port}"),
            *("--backlog", "2048", "--log-level", "warning"),
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    queue = [EMAIL.format(n) for n in range(1, args.users + 1)]
    lock = threading.Lock()
    results: list[tuple[bool, float, float, str]] = []
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(2 * args.workers):  # each worker has rendered the form once
            Browser(port).request("GET", "/accounts/login/")
        static_rps = static_rate(port, static_path, threads=args.clients)
        load_before = os.getloadavg()[0]
        meter = CpuMeter(server.pid, os.environ["DATABASE_URL"])
        meter.start()

        def client() -> None:
            while True:
                with lock:
                    if not queue:
                        return
                    email = queue.pop()
                outcome = login(port, email, PASSWORD)
                with lock:
                    results.append(outcome)

        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        cpu = meter.stop()
        old_ok, _old_total, old_post, old_error = login(port, OLD_EMAIL, OLD_PASSWORD)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        server_log.close()

    from django.contrib.auth import get_user_model
    from django.db import connection

    connection.close()
    upgraded = get_user_model().objects.get(email=OLD_EMAIL).password
    ok = [r for r in results if r[0]]
    failed = [r for r in results if not r[0]]
    totals = sorted(r[1] for r in ok)
    posts = sorted(r[2] for r in ok)
    rate = len(ok) / elapsed
    server_kind = f"{args.workers} workers" + (
        f" × {args.threads} threads (gthread)" if args.threads > 1 else " (sync)"
    )
    print(
        f"login throughput: {args.users} accounts, {args.clients} clients, gunicorn {server_kind}, PostgreSQL + Redis"
    )
    print(f"load average before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f} (1 min)")
    print()
    print("| measured | figure |")
    print("|---|---|")
    print(f"| static file, same gunicorn | {static_rps:.0f} req/s |")
    print(f"| logins/s (form GET + POST, Argon2id) | **{rate:.1f}** ({len(ok)} signed in, {len(failed)} failed) |")
    print(f"| login POST p50 / p95 | {_pct(posts, 0.5):.0f} / {_pct(posts, 0.95):.0f} ms |")
    print(f"| whole login p50 / p95 | {_pct(totals, 0.5):.0f} / {_pct(totals, 0.95):.0f} ms |")
    print(f"| logins ÷ static | {rate / static_rps:.1%} |")
    print(f"| Argon2id check alone (this process, CPU) | {_argon2_cpu_ms():.1f} ms per login |")
    verdict = "upgraded" if upgraded.startswith("argon2$argon2id$") else "NOT upgraded"
    print(
        f"| PBKDF2 account, first login | {'signed in' if old_ok else 'FAILED ' + old_error}, POST "
        f"{old_post * 1000:.0f} ms; stored hash now `{upgraded.split('$', 3)[0]}${upgraded.split('$', 3)[1]}$…` "
        f"({verdict}) |"
    )
    print()
    print(
        f"budget ≥ 25 logins/s → {'met' if rate >= 25 else 'NOT met'}; wall {elapsed:.1f} s; "
        f"gunicorn log {server_log.name}"
    )
    print("server-side cost, robust on a shared machine: " + describe(cpu, len(results), "login"))
    for error in [r[3] for r in failed][:5]:
        print(f"  {error}")
    return 0 if (not failed and old_ok and verdict == "upgraded") else 1


if __name__ == "__main__":
    sys.exit(main())
