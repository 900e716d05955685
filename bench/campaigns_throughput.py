"""Throughput of the public campaign pages under gunicorn (2 sync workers), side by side with a stock
Wagtail page (a bare ``wagtailcore.Page``, which our page cache does not store) in the same run.

Budget (DESIGN §5): a campaign page served to anonymous visitors ≥ 2× the stock Wagtail page.
Also reported: the same campaign page with a query string (bypasses the page cache: full render).

Run: .venv/bin/python bench/campaigns_throughput.py  (a throw-away SQLite database and media folder).
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="bench_campaigns_"))
ENV = {
    **os.environ,
    "DATABASE_URL": f"sqlite:///{TMP / 'bench.sqlite3'}",
    "MEDIA_ROOT": str(TMP / "media"),
    "DJANGO_SETTINGS_MODULE": "edu_platform.settings",
    "DEBUG": "1",
    "LOG_LEVEL": "WARNING",
    "TASKS_BACKEND": "immediate",
    "PAGE_CACHE_SECONDS": "600",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT", "0")) or _free_port()
THREADS = 8
SECONDS = 5.0


def setup() -> dict:
    script = """
import sys
from django.core.management import call_command
call_command("migrate", verbosity=0)
from campaigns import demo
from campaigns.models import CampaignPage, HomePage
from wagtail.models import Page
demo.seed(sys.stdout)
home = HomePage.objects.get()
stock = Page.objects.child_of(home).filter(slug="stock").first()
if stock is None:
    stock = home.add_child(instance=Page(title="Stock Wagtail page", slug="stock"))
    stock.save_revision().publish()
campaign = CampaignPage.objects.live().order_by("-start_date").first()
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
    return {
        "home": home,
        "campaign": campaign,
        "campaign (uncached, ?q)": campaign + "?nocache=1",
        "stock Wagtail page": stock,
    }


def hammer(url: str) -> tuple[float, int]:
    count = 0
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + SECONDS

    def worker():
        nonlocal count, errors
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{url}", timeout=10) as response:
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
        for url in urls.values():  # warm both workers' caches
            for _ in range(6):
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}{url}", timeout=10).read()
        results = {}
        for name, url in urls.items():
            results[name], errors = hammer(url)
            print(f"{name:28s} {results[name]:8.1f} req/s   ({url}, errors {errors})", flush=True)
        ratio = results["campaign"] / results["stock Wagtail page"]
        print(f"campaign page / stock Wagtail page = {ratio:.1f}×  (budget ≥ 2×)")
        return 0 if ratio >= 2 else 1
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
