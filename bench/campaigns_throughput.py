"""Throughput of the public campaign pages under gunicorn (2 sync workers), side by side with a stock
Wagtail page (a bare ``wagtailcore.Page``, which our page cache does not store) and a static file
(WhiteNoise) served by the same server in the same run.

Budgets (DESIGN §5, issue 11):
- a campaign page served to anonymous visitors ≥ 2× the stock Wagtail page;
- home and campaign page for a signed-in visitor ≥ 10% of the static file's req/s;
- search, a repeated query ≥ 30% of the static file's req/s; a new query ≤ 30 ms (median, one
  client), and no first-hit penalty (the first search of each worker is timed too).

Run: .venv/bin/python bench/campaigns_throughput.py
     (a throw-away SQLite database and local-memory cache), or for the production stack:
     DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python bench/campaigns_throughput.py
"""

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="bench_campaigns_"))
ENV = {
    **os.environ,
    "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{TMP / 'bench.sqlite3'}"),
    "MEDIA_ROOT": str(TMP / "media"),
    "DJANGO_SETTINGS_MODULE": "edu_platform.settings",
    "DEBUG": "1",
    "LOG_LEVEL": "WARNING",
    "TASKS_BACKEND": "immediate",
    "PAGE_CACHE_SECONDS": "600",
}
USERNAME, PASSWORD = "bench_reader", "Bench@12345-reader"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT", "0")) or _free_port()
THREADS = 8
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
# Two-character words of the demo content: every one is a new search (a cache miss) once.
NEW_QUERIES = [
    "火灾",
    "消防",
    "安全",
    "隐患",
    "应急",
    "灭火",
    "燃气",
    "电动",
    "疏散",
    "逃生",
    "演练",
    "宣传",
    "企业",
    "社区",
    "学校",
    "农村",
    "家庭",
    "防灾",
    "减灾",
    "地震",
    "洪水",
    "台风",
    "化学",
    "危险",
    "烟花",
    "爆竹",
    "施工",
    "有限",
    "空间",
    "中毒",
    "窒息",
    "触电",
    "高处",
    "坠落",
    "车辆",
    "交通",
    "餐饮",
    "醇基",
    "燃料",
]


def setup() -> dict:
    script = f"""
import sys
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.core.cache import cache
cache.clear()
from campaigns import demo
from campaigns.models import CampaignPage, HomePage
from django.contrib.auth import get_user_model
from wagtail.models import Page
demo.seed(sys.stdout)
home = HomePage.objects.get()
stock = Page.objects.child_of(home).filter(slug="stock").first()
if stock is None:
    stock = home.add_child(instance=Page(title="Stock Wagtail page", slug="stock"))
    stock.save_revision().publish()
campaign = CampaignPage.objects.live().order_by("-start_date").first()
User = get_user_model()
reader = User.objects.filter(username="{USERNAME}").first() or User.objects.create_user(
    username="{USERNAME}", email="{USERNAME}@example.com", password="{PASSWORD}", real_name="压测读者"
)
from allauth.account.models import EmailAddress
EmailAddress.objects.update_or_create(user=reader, email=reader.email, defaults={{"verified": True, "primary": True}})
print()
print("URLS", home.url, campaign.url, stock.url)
"""
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("URLS"))
    _, home, campaign, stock = line.split()
    return {"home": home, "campaign": campaign, "stock": stock}


def login() -> str:
    """Sign in over HTTP like a browser; returns the Cookie header of the signed-in session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"http://127.0.0.1:{PORT}/accounts/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    fields = {"login": f"{USERNAME}@example.com", "password": PASSWORD, "csrfmiddlewaretoken": token}
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/accounts/login/",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Referer": f"http://127.0.0.1:{PORT}/"},
    )
    opener.open(request, timeout=10).read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies:
        raise SystemExit("login over HTTP failed: no session cookie")
    header = "; ".join(f"{name}={value}" for name, value in cookies.items())
    page = fetch("/", header)
    if "压测读者" not in page:
        raise SystemExit("login over HTTP failed: the header does not show the signed-in name")
    return header


def fetch(url: str, cookie: str = "") -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{url}", headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - http://127.0.0.1 above
        return response.read().decode("utf-8", "replace")


def hammer(url: str, cookie: str = "") -> tuple[float, int]:
    count = 0
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS
    headers = {"Cookie": cookie} if cookie else {}

    def worker():
        nonlocal count, errors
        while time.perf_counter() < deadline:
            try:
                request = urllib.request.Request(f"http://127.0.0.1:{PORT}{url}", headers=headers)
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - http://127.0.0.1 above
                    response.read()
                    ok = response.status == 200
            except Exception:
                ok = False
            with lock:
                count += ok
                errors += not ok

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count / (time.perf_counter() - started), errors


def timed(url: str, cookie: str = "") -> float:
    started = time.perf_counter()
    fetch(url, cookie)
    return (time.perf_counter() - started) * 1000


def search_url(query: str) -> str:
    return "/search/?" + urllib.parse.urlencode({"q": query})


def main() -> int:
    urls = setup()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "edu_platform.wsgi:application",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=ENV,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1).read()
                break
            except Exception:
                time.sleep(0.2)
        # First searches after start, before anything else warms the workers: no dictionary load.
        first_hits = [timed(search_url(query)) for query in ("隐患排查", "消防安全")]
        cookie = login()
        static = "/static/edu_platform/css/site.css"
        plan = [
            ("static file (WhiteNoise)", static, ""),
            ("stock Wagtail page", urls["stock"], ""),
            ("home, anonymous", urls["home"], ""),
            ("campaign, anonymous", urls["campaign"], ""),
            ("campaign, uncached (?q)", urls["campaign"] + "?nocache=1", ""),
            ("home, signed in", urls["home"], cookie),
            ("campaign, signed in", urls["campaign"], cookie),
            ("search, repeated query", search_url("火灾"), ""),
            ("search, repeated, signed in", search_url("火灾"), cookie),
        ]
        for _name, url, who in plan:  # warm both workers' caches
            for _ in range(6):
                fetch(url, who)
        results = {}
        for name, url, who in plan:
            results[name], errors = hammer(url, who)
            print(f"{name:30s} {results[name]:8.1f} req/s   ({url[:40]}, errors {errors})", flush=True)
        new = [timed(search_url(query)) for query in NEW_QUERIES]
        print(
            f"{'search, new query (1 client)':30s} median {statistics.median(new):5.1f} ms, "
            f"max {max(new):5.1f} ms over {len(new)} queries"
        )
        print(f"{'search, first after start':30s} {', '.join(f'{ms:.1f} ms' for ms in first_hits)}")

        static_rate = results["static file (WhiteNoise)"]
        checks = [
            ("campaign anonymous / stock Wagtail", results["campaign, anonymous"] / results["stock Wagtail page"], 2.0),
            ("home signed in / static", results["home, signed in"] / static_rate, 0.10),
            ("campaign signed in / static", results["campaign, signed in"] / static_rate, 0.10),
            ("search repeated / static", results["search, repeated query"] / static_rate, 0.30),
        ]
        ok = True
        for label, value, budget in checks:
            met = value >= budget
            ok &= met
            print(f"{label:36s} {value:6.2f}   (budget ≥ {budget:g}) {'ok' if met else 'MISSED'}")
        new_ok = statistics.median(new) <= 30 and max(first_hits) <= 30 * 3
        print(f"{'new query median ≤ 30 ms, no first-hit penalty':36s} {'ok' if new_ok else 'MISSED'}")
        return 0 if ok and new_ok else 1
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
