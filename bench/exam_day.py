"""Exam day over HTTP (issue 11): N candidates log in, start the mock exam, load every question page
and autosave it through the same endpoints the page uses, then submit. Afterwards the database is
checked for acknowledged-but-lost answers (every 2xx-acknowledged answer must be stored).

Against gunicorn (``--workers 2``) on PostgreSQL + Redis (sessions in Redis). A static file from the
same gunicorn (WhiteNoise) is measured in the same run, so the ratio can be quoted.
``--private-pg``: run on a throw-away PostgreSQL 15 cluster of this script's own (``initdb`` in a
temp dir, port ``--pg-port``, default 5439; as user postgres when run as root), removed afterwards.
``--fault``: SIGKILL one gunicorn worker mid-run (the master respawns it) and, with ``--private-pg``,
restart that private cluster (``pg_ctl restart -m fast``); clients retry; the lost count must stay
0. The shared cluster on 5432 is never restarted: without ``--private-pg`` only the worker is killed.

Run: .venv/bin/python bench/exam_day.py [--clients 30] [--workers 2] [--threads 1] [--private-pg] [--fault]
Needs DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_exam_day; dropped and
recreated; ignored with --private-pg) and REDIS_URL (default redis://127.0.0.1:6379/2).
Only 127.0.0.1; every loop is bounded.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
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

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_exam_day")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/2")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu_platform.settings")
os.environ.setdefault("EMAIL_URL", "console://")
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(16))
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="bench_exam_day_static_"))
os.environ["DEBUG"] = "0"
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktMDA=")
os.environ.setdefault("CONN_MAX_AGE", "60")
os.environ.setdefault("SMS_BACKEND", "accounts.sms.DisabledSMSBackend")
# The seeded candidates have no verified phone and SMS is off: without this every login stops at
# /accounts/phone/verify/ (on whenever DEBUG is off) and no exam starts. Login is not what is measured.
os.environ.setdefault("ACCOUNT_PHONE_VERIFICATION_ENABLED", "0")

RETRIES = 30  # per request: enough to ride out a PostgreSQL restart (a few seconds)
DEADLINE = [float("inf")]  # perf_counter() after which clients stop (``--max-seconds``): the run always ends
OPTION = re.compile(r'name="answer" value="([A-H])"')
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


PG_BIN = Path("/usr/lib/postgresql/15/bin")


class PrivateCluster:
    """A throw-away PostgreSQL 15 cluster in a temp dir, so a fault run can restart *it* (never the
    shared cluster other people's tests use). initdb and pg_ctl refuse to run as root: as root they
    run as user postgres (``runuser``)."""

    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="bench_exam_day_pg_"))
        self.data = self.dir / "data"
        self.log = self.dir / "postgres.log"
        self.started = False
        if os.geteuid() == 0:
            shutil.chown(self.dir, user="postgres", group="postgres")

    def _run(self, *command: str, timeout: float = 120) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, timeout=timeout, capture_output=True)

    def start(self) -> str:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log), "-w", "start")
        self.started = True
        return f"postgres://postgres@127.0.0.1:{self.port}/bench_exam_day"

    def restart(self) -> None:
        # pg_ctl restart keeps the options of the running server (postmaster.opts); -m fast cuts
        # every open connection, as a crash-restart of the database would.
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-m", "fast", "-w", "restart")

    def stop(self) -> None:
        if self.started:
            try:
                self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
            except (subprocess.SubprocessError, OSError) as error:
                print(f"  private PostgreSQL did not stop cleanly: {error}", flush=True)
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


def _setup(clients: int, questions: int) -> str:
    import django

    django.setup()
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    cache.clear()
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command(
        "seed_loadtest",
        "--questions",
        str(questions),
        "--candidates",
        str(clients),
        "--sessions",
        "1",
        "--pages",
        "1",
    )
    return staticfiles_storage.url("exams/exams.css")


class Client:
    """One candidate's browser: cookies, the CSRF token, and retries across a dead worker or database."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.retries = 0

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{self.port}/",
            "Origin": f"https://127.0.0.1:{self.port}",
        }
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        data = urllib.parse.urlencode(body, doseq=True).encode() if body is not None else None
        extra = dict(headers or {})
        if data is not None:
            extra["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(RETRIES):
            if time.perf_counter() > DEADLINE[0]:
                break
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request(method, path, body=data, headers=self._headers(extra))
                response = self.conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException):
                self.conn = None
                self.retries += 1
                time.sleep(min(0.2 * (attempt + 1), 2))
                continue
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _sep, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.status >= 500:  # a worker lost its database connection: try again
                self.retries += 1
                time.sleep(min(0.2 * (attempt + 1), 2))
                continue
            return response.status, response.getheader("Location") or "", payload
        return 0, "", b""


def candidate(port: int, number: int, results: dict, lock: threading.Lock) -> None:
    client = Client(port)
    email = f"lt-candidate-{number:04d}@loadtest.invalid"
    status, _loc, html = client.request("GET", "/accounts/login/")
    token_match = CSRF_INPUT.search(html.decode())
    if not token_match:
        with lock:
            results["errors"].append(f"login page {number}: HTTP {status}")
        return
    token = token_match.group(1)
    status, location, _ = client.request(
        "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "login": email, "password": "Loadtest-2026!"}
    )
    if status != 302:
        with lock:
            results["errors"].append(f"login {number}: HTTP {status}")
        return
    csrf = client.cookies.get("csrftoken", "")
    status, location, _ = client.request(
        "POST", "/exams/mock/loadtest-low-voltage/start/", {"csrfmiddlewaretoken": csrf}
    )
    match = re.search(r"/exams/attempts/(\d+)/", location)
    if not match:
        with lock:
            results["errors"].append(f"start {number}: HTTP {status} {location}")
        return
    attempt_id = int(match.group(1))
    acknowledged: dict[int, str] = {}
    pages, saves = [], []
    for position in range(1, 101):
        if time.perf_counter() > DEADLINE[0]:
            with lock:
                results["errors"].append(f"candidate {number}: --max-seconds reached at question {position}")
            break
        path = f"/exams/attempts/{attempt_id}/q/{position}/"
        t0 = time.perf_counter()
        status, _loc, html = client.request("GET", path)
        pages.append(time.perf_counter() - t0)
        letters = OPTION.findall(html.decode()) if status == 200 else []
        if not letters:
            with lock:
                results["errors"].append(f"page {number}/{position}: HTTP {status}")
            continue
        letter = letters[(number + position) % len(letters)]
        t0 = time.perf_counter()
        status, _loc, body = client.request(
            "POST",
            path,
            {"answer": letter},
            {"Accept": "application/json", "X-CSRFToken": client.cookies.get("csrftoken", csrf)},
        )
        saves.append(time.perf_counter() - t0)
        try:
            saved = 200 <= status < 300 and json.loads(body).get("saved")
        except ValueError:
            saved = False
        if saved:
            acknowledged[position] = letter
    client.request(
        "POST", f"/exams/attempts/{attempt_id}/submit/", {"csrfmiddlewaretoken": client.cookies.get("csrftoken")}
    )
    with lock:
        results["attempts"][attempt_id] = acknowledged
        results["pages"].extend(pages)
        results["saves"].extend(saves)
        results["retries"] += client.retries


def _lost(attempts: dict[int, dict[int, str]]) -> int:
    """Acknowledged answers not in the database (display letters → canonical through the stored order)."""
    from exams.models import AttemptQuestion
    from exams.services.attempts import display_to_canonical

    lost = 0
    for attempt_id, acked in attempts.items():
        stored = {
            position: (answer, order)
            for position, answer, order in AttemptQuestion.objects.filter(attempt_id=attempt_id).values_list(
                "position", "answer", "option_order"
            )
        }
        for position, letter in acked.items():
            answer, order = stored.get(position, ("", []))
            if answer != display_to_canonical(letter, order):
                lost += 1
    return lost


def _faults(server: subprocess.Popen, delay: float, cluster: "PrivateCluster | None") -> None:
    """Mid-run: SIGKILL one worker (the master respawns it), then restart the private PostgreSQL."""
    time.sleep(delay)
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)
        print(f"  fault: SIGKILL worker {children[0]}", flush=True)
    if cluster is None:
        return
    time.sleep(delay)
    t0 = time.perf_counter()
    try:
        cluster.restart()
        print(f"  fault: private PostgreSQL restarted ({time.perf_counter() - t0:.1f} s)", flush=True)
    except (subprocess.SubprocessError, OSError) as error:
        print(f"  fault: PostgreSQL restart FAILED: {error}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--questions", type=int, default=20000)
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (1 = sync, as deployed)")
    parser.add_argument(
        "--fault", action="store_true", help="kill a worker mid-run, and restart PostgreSQL with --private-pg"
    )
    parser.add_argument("--private-pg", action="store_true", help="use a throw-away PostgreSQL cluster of its own")
    parser.add_argument(
        "--fault-delay", type=float, default=4.0, help="seconds into the run: worker kill; twice that: PG restart"
    )
    parser.add_argument("--pg-port", type=int, default=5439, help="port of the --private-pg cluster")
    parser.add_argument("--no-pg-restart", action="store_true", help="with --fault --private-pg: only kill a worker")
    parser.add_argument(
        "--reuse-db", action="store_true", help="keep the database of an earlier run (seeding is idempotent)"
    )
    parser.add_argument("--max-seconds", type=float, default=240, help="clients stop after this long")
    args = parser.parse_args()
    cluster = PrivateCluster(args.pg_port) if args.private_pg else None
    try:
        if cluster is not None:
            os.environ["DATABASE_URL"] = cluster.start()
            print(f"private PostgreSQL 15 cluster on port {args.pg_port} in {cluster.dir}", flush=True)
        return _run(args, cluster)
    finally:
        if cluster is not None:
            cluster.stop()
            print("private PostgreSQL cluster stopped and removed", flush=True)


def _run(args, cluster: "PrivateCluster | None") -> int:
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        print("exam_day: needs PostgreSQL (DATABASE_URL=postgres://…); skipped.")
        return 0
    if args.fault and cluster is None and not args.no_pg_restart:
        print("  --fault without --private-pg: only a worker is killed (the shared cluster is never restarted)")
    restart = None if (args.no_pg_restart or not args.fault) else cluster
    if not args.reuse_db:
        recreate_database(os.environ["DATABASE_URL"])
    static_path = _setup(args.clients, args.questions)

    port = free_port()
    # A file, not a pipe: nobody reads a pipe during the run, and a full one would block gunicorn.
    server_log = tempfile.NamedTemporaryFile(prefix="bench_exam_day_gunicorn_", suffix=".log", delete=False)  # noqa: SIM115 (open for the whole run, closed in finally)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "edu_platform.wsgi",
            *("-w", str(args.workers), "--threads", str(args.threads), "-b", f"127.0.0.1:{port}"),
            *("--log-level", "warning"),
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
        stderr=server_log,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        warm = Client(port)  # the port opens before the workers have booted: wait for them
        for _ in range(2):
            warm.conn = None
            warm.request("GET", "/healthz")
        static_rps = static_rate(port, static_path)
        load_before = os.getloadavg()
        meter = CpuMeter(server.pid, os.environ["DATABASE_URL"])
        meter.start()
        results = {"attempts": {}, "pages": [], "saves": [], "errors": [], "retries": 0}
        lock = threading.Lock()
        threads = [
            threading.Thread(target=candidate, args=(port, n, results, lock)) for n in range(1, args.clients + 1)
        ]
        if args.fault:
            threading.Thread(target=_faults, args=(server, args.fault_delay, restart), daemon=True).start()
        t0 = time.perf_counter()
        DEADLINE[0] = t0 + args.max_seconds
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        cpu = meter.stop()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()  # never leave a gunicorn behind
            server.wait(timeout=10)
        server_log.close()
    from django.db import connection

    connection.close()  # PostgreSQL may have restarted under us
    lost = _lost(results["attempts"])
    saves, pages = sorted(results["saves"]), sorted(results["pages"])
    acked = sum(len(a) for a in results["attempts"].values())

    def pct(values, p):
        return values[min(len(values) - 1, int(len(values) * p))] * 1000 if values else float("nan")

    kind = f"{args.workers} workers" + (f" × {args.threads} threads (gthread)" if args.threads > 1 else " (sync)")
    faults = ""
    if args.fault:
        faults = ", fault run: worker SIGKILLed" + ("" if restart is None else " + private PostgreSQL restarted")
    rate = len(saves) / elapsed
    load_after = os.getloadavg()
    print(
        f"exam day: {args.clients} candidates × 100 questions, gunicorn {kind}, "
        f"PostgreSQL{' (private cluster)' if cluster else ''} + Redis{faults}"
    )
    print(f"load average before / after: {load_before[0]:.2f} / {load_after[0]:.2f} (1 min)")
    print()
    columns = ["run", "saves/s (each with its page load)", "save p50 / p95", "page p95", "lost answers"]
    print("| " + " | ".join([*columns, "static file, same run", "ratio"]) + " |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| `--clients {args.clients}`{' --threads ' + str(args.threads) if args.threads > 1 else ''}"
        f"{' --fault' if args.fault else ''} | {rate:.0f} | {pct(saves, 0.5):.1f} / {pct(saves, 0.95):.1f} ms | "
        f"{pct(pages, 0.95):.1f} ms | {lost} of {acked:,} acknowledged ({results['retries']} client retries) | "
        f"{static_rps:,.0f} req/s | {rate / static_rps:.1%} |"
    )
    print()
    errors = len(results["errors"])
    print(f"acknowledged {acked} of {len(saves)} saves; errors: {errors}; wall {elapsed:.1f} s")
    verdict = {True: "met", False: "NOT met"}
    print(
        f"budget ≥ 150 saves/s → {verdict[rate >= 150]}; save p95 ≤ 100 ms → "
        f"{verdict[pct(saves, 0.95) <= 100]}; 0 lost → {verdict[lost == 0]}"
    )
    print("server-side cost, robust on a shared machine: " + describe(cpu, len(saves), "page+save pair"))
    print(f"gunicorn log: {server_log.name}")
    for error in results["errors"][:5]:
        print(f"    {error}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
