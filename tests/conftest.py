"""Fixtures shared by every test folder.

- ``browser_page``: a Playwright page in Debian's Chromium (skips with a reason where none is installed).
- ``axe_violations(page)``: serious and critical axe-core violations on the page.
- Tests marked ``postgres`` skip unless the database is PostgreSQL.
"""

import os
import shutil

import pytest
from django.db import connection

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(config, items):
    on_postgres = connection.vendor == "postgresql"
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://… (see .ci/run)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache (rate limits, page cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _live_server_threads_tolerate_late_sockets():
    """Playwright keeps some keep-alive sockets to the live server open after a test (its request
    contexts, the browser's idle pool). When one closes later — after the live server has stopped,
    or between tests — Django's request thread closes the in-memory SQLite connection it was lent,
    which is no longer shareable by then, and pytest reports that thread's DatabaseError. Nothing is
    left to close at that point, so the error is dropped; every other database error still raises."""
    from django.core.servers import basehttp
    from django.db import DatabaseError

    close = basehttp.ThreadedWSGIServer._close_connections
    if getattr(close, "_tolerant", False):
        return

    def _close_connections(self):
        try:
            close(self)
        except DatabaseError as exc:
            if "can only be used in that same thread" not in str(exc):
                raise

    _close_connections._tolerant = True
    basehttp.ThreadedWSGIServer._close_connections = _close_connections


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language: a request in English (language cookie)
    leaves English active in the thread, which would leak into the next test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def _playwright_browser():
    _live_server_threads_tolerate_late_sockets()
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.txt
        pytest.skip("playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_playwright_browser, live_server):
    """A fresh browser context (own cookies) with ``base_url`` set to the live server."""
    context = _playwright_browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(15_000)
    # The site must not depend on any external host: fail loudly if a page tries one.
    external = []

    def _guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            external.append(url)
            route.abort()

    context.route("**/*", _guard)
    page = context.new_page()
    yield page
    context.close()
    assert not external, f"page requested external hosts: {external}"


@pytest.fixture
def axe_violations():
    """Run axe-core (shipped by axe-playwright-python) on a page; return serious/critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page) -> list[dict]:
        results = axe.run(page)
        return [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]

    return run
