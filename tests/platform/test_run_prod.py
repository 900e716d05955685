"""`make run-prod` end to end (issue 12): deploy/run-prod.sh on a free port with a database of its
own serves the site with DEBUG=0 — health check, home page, a static file with its long cache
header, a demo picture, the admin login form, a task done by the worker — and SIGTERM stops every process it
started. Needs PostgreSQL (marker ``postgres``) and Redis (or redis-server); skips without them.
"""

import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "run-prod.sh"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
# A fresh database: every migration (most of the time), collectstatic and the demo content; about
# two minutes on a busy 2-core machine.
START_TIMEOUT = 300
STEP_TIMEOUT = 20
# The script gives its children 15 s after TERM before it KILLs them (a busy machine needs seconds
# for a Python process with Wagtail loaded to tear down).
STOP_TIMEOUT = 30
# The worker first works through the search and reference-index updates that seeding queued.
TASK_TIMEOUT = 90
ADMIN = ("admin@demo.yunmeng.gov.cn", "Admin@12345")  # accounts.demo


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_url() -> str | None:
    """A Redis of the test's own: run-prod.sh starts redis-server on a free port when none answers
    there (and stops it with the rest). A shared one would leak state between sites, e.g. Wagtail's
    cached renditions of another database's images. Without redis-server: REDIS_URL, if it answers."""
    if shutil.which("redis-server"):
        return f"redis://127.0.0.1:{_free_port()}/0"
    import redis

    url = os.environ.get("REDIS_URL")
    try:
        return url if url and redis.Redis.from_url(url, socket_timeout=2).ping() else None
    except redis.RedisError:
        return None


def _database_url() -> str:
    """A database of its own beside the test database, on the same server."""
    db = settings.DATABASES["default"]
    auth = urllib.parse.quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    name = f"{db['NAME']}_run_prod"[:63]
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlparse(url)
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parts.path[1:])))


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Like a browser: http://127.0.0.1 is a trustworthy origin, so Secure cookies are sent there."""

    def return_ok_secure(self, cookie, request):
        return urllib.parse.urlparse(request.full_url).hostname == "127.0.0.1" or super().return_ok_secure(
            cookie, request
        )


class Forms(HTMLParser):
    """The forms of a page: action and the values a browser would submit (hidden inputs included)."""

    def __init__(self, page: str):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action") or "", {}))
        elif (
            tag in {"input", "select", "textarea"}
            and self.forms
            and attrs.get("name")
            and (attrs.get("type") not in {"checkbox", "radio", "submit"} or "checked" in attrs)
        ):
            self.forms[-1][1].setdefault(attrs["name"], attrs.get("value") or "")

    def having(self, field: str) -> tuple[str, dict[str, str]]:
        return next(form for form in self.forms if field in form[1] or form[0].endswith(field))


class Browser:
    """Just enough of a browser: cookies, redirects, and forms posted with what they hold."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar(LoopbackCookiePolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(self, url: str, data: dict | None = None, referer: str | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(urllib.parse.urljoin(self.base, url), data=body)  # noqa: S310 - http://127.0.0.1
        request.add_header("Accept-Language", "zh-CN")
        if referer:
            request.add_header("Referer", referer)
        try:
            response = self.opener.open(request, timeout=STEP_TIMEOUT)
        except urllib.error.HTTPError as error:
            response = error
        return response, response.read().decode("utf-8", "replace")

    def submit(self, response, page: str, field: str, **values):
        """Submit the form of ``page`` that has ``field`` (or whose action ends with it)."""
        action, fields = Forms(page).having(field)
        return self.open(urllib.parse.urljoin(response.url, action), {**fields, **values}, referer=response.url)


def _session_members(sid: int) -> list[str]:
    """Live processes in the session the script leads (it started them all), as "pid command"."""
    members = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            # After "(name)": state, ppid, pgrp, session. A zombie has exited already.
            state, _ppid, _pgrp, session = (proc / "stat").read_text().rsplit(")", 1)[1].split()[:4]
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # gone meanwhile
            continue
        if int(session) == sid and state != "Z":
            members.append(f"{proc.name} {command}")
    return members


def _wait_for(predicate, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"{what} within {timeout:.0f} s; run-prod.sh said:\n{log.read_text(errors='replace')[-4000:]}")


def _task_status(database_url: str, task_suffix: str, after: float):
    import psycopg

    with psycopg.connect(database_url, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s"
            " AND enqueued_at >= to_timestamp(%s) ORDER BY enqueued_at DESC LIMIT 1",
            ["%" + task_suffix, after],
        ).fetchone()
    return row and row[0]


@pytest.fixture
def run_prod(tmp_path):
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs Linux's /proc to find the processes run-prod.sh started")
    if not GUNICORN.exists():
        pytest.skip("gunicorn is not installed in .venv (pip install -r requirements.txt)")
    redis_url = _redis_url()
    if redis_url is None:
        pytest.skip("no redis-server to start and no Redis answering at REDIS_URL")
    port = _free_port()
    database_url = _database_url()
    _drop_database(database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        HOST="127.0.0.1",
        PORT=str(port),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECRET_KEY="run-prod-test-" + "k" * 50,
        FIELD_ENCRYPTION_KEY=settings.FIELD_ENCRYPTION_KEY,
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        BACKUP_ROOT=str(tmp_path / "backups"),
    )
    log = tmp_path / "run-prod.log"
    with log.open("wb") as out:
        # A session of its own: whatever the script starts stays in it, so leftovers can be found.
        process = subprocess.Popen(
            ["bash", str(SCRIPT)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process, f"http://127.0.0.1:{port}", database_url, log
    finally:
        # Whatever is left of the process group (the script and its children) after a failure.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STEP_TIMEOUT)
        _drop_database(database_url)


def test_run_prod_serves_the_site_and_stops_cleanly(run_prod):
    process, base, database_url, log = run_prod
    browser = Browser(base)

    def healthy():
        assert process.poll() is None, f"run-prod.sh exited ({process.returncode}):\n{log.read_text()[-4000:]}"
        try:
            response, text = browser.open("/healthz")
        except OSError:  # not listening yet
            return None
        return response.status == 200 and json.loads(text)

    health = _wait_for(healthy, START_TIMEOUT, "no /healthz 200", log)
    assert health == {"status": "ok", "database": "ok", "cache": "ok"}

    # The home page, in production mode: a hashed (collected) stylesheet, cached for a year.
    response, page = browser.open("/")
    assert response.status == 200 and "云梦应急宣教与考培平台" in page
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the home page links no hashed stylesheet"
    static, _css = browser.open(stylesheet.group(1))
    assert static.status == 200
    assert "max-age=315360000" in static.headers["Cache-Control"] and "immutable" in static.headers["Cache-Control"]
    # The demo's pictures (MEDIA_ROOT, which nginx serves on a server), with nginx's headers.
    picture = re.search(r'src="(/media/images/[^"]+)"', page)
    assert picture, "the home page shows no demo picture"
    image, _bytes = browser.open(picture.group(1))
    assert image.status == 200 and image.headers["Content-Type"] == "image/jpeg"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in image.headers["Content-Security-Policy"]
    missing, missing_page = browser.open("/no-such-page/")
    assert missing.status == 404 and "Traceback" not in missing_page  # DEBUG=0: our error page

    # The admin sends an anonymous visitor to the login form; the demo superuser gets in.
    response, login_page = browser.open("/admin/")
    assert "/accounts/login/" in response.url
    response, dashboard = browser.submit(response, login_page, "password", login=ADMIN[0], password=ADMIN[1])
    assert response.status == 200 and urllib.parse.urlparse(response.url).path == "/admin/", response.url
    assert "w-dashboard" in dashboard  # the Wagtail dashboard, not the login form again

    # A background task: 重新计算统计 is queued by the web process and done by the worker.
    queued_after = time.time() - 5
    response, statistics = browser.open("/admin/exams-desk/statistics/")
    assert response.status == 200
    response, _page = browser.submit(response, statistics, "statistics/refresh/")
    assert response.status == 200 and urllib.parse.urlparse(response.url).path == "/admin/exams-desk/statistics/"
    _wait_for(
        lambda: _task_status(database_url, "statistics_compute_task", queued_after) == "SUCCESSFUL",
        TASK_TIMEOUT,
        "the worker did not finish statistics_compute_task",
        log,
    )

    # SIGTERM (from kill or a service manager; Ctrl+C reaches every process of the group at once):
    # the script stops gunicorn and its workers, the task worker (and a redis-server it started),
    # then exits itself; nothing is left behind.
    # The script, the worker, gunicorn and 2 workers, and (usually) redis-server.
    assert len(_session_members(process.pid)) >= 5
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"run-prod.sh still running {STOP_TIMEOUT} s after SIGTERM: {_session_members(process.pid)}")
    assert process.returncode == 143
    _wait_for(lambda: not _session_members(process.pid), 5, "processes left behind", log)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=2).close()
