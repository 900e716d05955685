"""No template of ours carries what the enforced Content-Security-Policy (``style-src 'self'``,
``script-src 'self'``) makes the browser ignore: ``style="..."`` attributes, ``<style>`` blocks and
``<script>`` without ``src``. A progress bar drawn with ``style="width: N%"`` silently shows empty."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATE_ROOTS = (
    "accounts",
    "bookings",
    "campaigns",
    "certificates",
    "courses",
    "edu_platform",
    "exams",
    "templates",
    "tipoffs",
)
# Templates the CSP only reports on that could not be fixed, with the reason. Empty: keep it so.
ALLOWED: dict[str, str] = {}

_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
_STYLE_TAG = re.compile(r"<style[\s>]", re.IGNORECASE)
_SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)


def inline_problems(text: str) -> list[str]:
    """Return a description of each CSP-blocked inline construct in a template's text."""
    problems = []

    def line(match: re.Match) -> int:
        return text.count("\n", 0, match.start()) + 1

    problems += [(line(m), "style attribute") for m in _STYLE_ATTR.finditer(text)]
    problems += [(line(m), "<style> block") for m in _STYLE_TAG.finditer(text)]
    # Whole text, not per line: a <script ...> tag may span lines.
    problems += [(line(m), "inline <script>") for m in _SCRIPT_TAG.finditer(text) if not _SRC.search(m.group())]
    problems = [f"{number}: {kind}" for number, kind in sorted(problems)]
    return problems


def _templates():
    for name in TEMPLATE_ROOTS:
        yield from sorted((ROOT / name).rglob("*.html"))


def test_detector_catches_each_kind():
    assert inline_problems('<div style="width: 40%">') == ["1: style attribute"]
    assert inline_problems("<style>p{}</style>") == ["1: <style> block"]
    assert inline_problems("x\n<script>alert(1)</script>") == ["2: inline <script>"]
    assert inline_problems('<script src="/static/a.js" defer></script><progress value="4" max="10">') == []


def test_templates_have_no_inline_style_or_script():
    templates = list(_templates())
    assert len(templates) > 50, "the scan found too few templates: are the roots right?"
    offenders = {}
    for path in templates:
        relative = str(path.relative_to(ROOT))
        if relative in ALLOWED:
            continue
        problems = inline_problems(path.read_text(encoding="utf-8"))
        if problems:
            offenders[relative] = problems
    assert not offenders, "CSP-blocked inline markup (move it to a static CSS/JS file):\n" + "\n".join(
        f"{path}: {', '.join(problems)}" for path, problems in sorted(offenders.items())
    )
