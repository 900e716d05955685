"""Shared by the admin and forms axe tests: log a browser context in, audit pages, collect problems.

``Audit`` runs the ``axe_violations`` fixture (serious and critical only) on each page and gathers
every finding, so one run lists all of them instead of stopping at the first page. A finding inside
markup that Wagtail itself renders, which our code cannot change, is skipped only for the exact
axe rule on a node matching the CSS selector listed in ``WAGTAIL_MARKUP``, each with the reason;
nothing is silenced globally, and any other node breaking the same rule still fails.
"""

from urllib.parse import urlsplit

from tests.browser import browser_log_in as log_in  # noqa: F401 (the axe tests sign in through it)

# (axe rule id, CSS selector the failing node must match) -> the Wagtail element and why we leave it.
# Selectors, not axe's reported targets: those carry ids Draftail generates afresh on every load.
WAGTAIL_MARKUP: dict[tuple[str, str], str] = {
    ("aria-input-field-name", '.DraftEditor-root .public-DraftEditor-content[role="textbox"]'): (
        "Draftail, Wagtail's rich-text editor (page editor, StreamField rich-text blocks): Wagtail's <label for> "
        "points at the hidden <input> Draftail replaces, and Wagtail passes no aria-labelledby to the editing "
        "surface, so it has no accessible name. Open upstream as wagtail/wagtail#14205; the editor is drawn by "
        "Wagtail's own JavaScript, which no template or block option of ours reaches."
    ),
}


class Audit:
    def __init__(self, page, axe_violations):
        self.page = page
        self._run = axe_violations
        self.findings: list[str] = []
        self.audited: list[str] = []

    def check(self, label: str) -> None:
        """Audit the page as it is now; ``label`` names it in the failure message."""
        self.page.wait_for_load_state("load")
        # Let finite CSS transitions and animations end first (Wagtail fades its message bar in):
        # axe measures colours as they are at that instant, so a half-faded banner reads as low contrast.
        # At most 1.5 s: the banner takes 1.2 s, while Wagtail's "ping" badges pulse for 25 s.
        self.page.evaluate(
            """() => Promise.race([
                Promise.all(document.getAnimations()
                    .filter((a) => a.playState === "running")
                    .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
                    .map((a) => a.finished.catch(() => null))),
                new Promise((resolve) => setTimeout(resolve, 1500)),
            ])"""
        )
        self.audited.append(label)
        for violation in self._run(self.page):
            for node in violation["nodes"]:
                target = " ".join(str(t) for t in node["target"])
                if self._wagtail_markup(violation["id"], node["target"]):
                    continue
                self.findings.append(
                    f"{label}: {violation['id']} ({violation['impact']}) at {target}: {node['html'][:160]}"
                    f" — {node.get('failureSummary', '').splitlines()[-1:]}"
                )

    def _wagtail_markup(self, rule: str, target: list) -> bool:
        selectors = [selector for (rule_id, selector) in WAGTAIL_MARKUP if rule_id == rule]
        if not selectors or len(target) != 1 or not isinstance(target[0], str):
            return False  # not a listed rule, or a node inside a frame / shadow root: never skipped
        return self.page.evaluate(
            "([target, selectors]) => { const el = document.querySelector(target);"
            " return !!el && selectors.some((s) => el.matches(s)); }",
            [target[0], selectors],
        )

    def visit(self, label: str, url: str) -> None:
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{label}: {url} answered {response and response.status}"
        landed = urlsplit(self.page.url).path
        assert landed == urlsplit(url).path, f"{label}: {url} went to {landed}"
        self.check(label)

    def assert_clean(self) -> None:
        assert not self.findings, "\n".join(self.findings)
