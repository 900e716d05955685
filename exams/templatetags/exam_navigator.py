"""The question page's answer sheet (答题卡), built in Python.

The sheet is one button per question (100 on a statutory paper) on every page load of the exam-day
hot path; as a template ``{% for %}`` loop with its ``{% if %}``/``{% translate %}`` tags it was the
largest part of the page's rendering. Built here, it is the same markup, with the state words
translated once per page instead of once per button.
"""

from collections.abc import Iterable

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from exams.selectors import NavigatorEntry

register = template.Library()


@register.simple_tag
def answer_sheet_buttons(navigator: Iterable[NavigatorEntry], current: int) -> SafeString:
    """``<li><button …>`` for each question: a submit button ``go=<position>`` (saves the current
    answer, then opens that question), its state in classes for the eye and in hidden words for
    screen readers (``data-nav-state``, which attempt.js updates after an autosave)."""
    answered, unanswered, flagged = escape(gettext("已答")), escape(gettext("未答")), escape(gettext("已标记"))
    parts = []
    for entry in navigator:
        position = int(entry.position)
        classes = "nav-q"
        if entry.answered:
            classes += " is-answered"
        if entry.flagged:
            classes += " is-flagged"
        current_attr = ""
        if position == current:
            classes += " is-current"
            current_attr = ' aria-current="step"'
        state = "，" + (answered if entry.answered else unanswered) + ("，" + flagged if entry.flagged else "")
        parts.append(
            f'<li><button type="submit" name="go" value="{position}" data-nav-position="{position}" '
            f'class="{classes}"{current_attr}>{position}'
            f'<span class="visually-hidden" data-nav-state>{state}</span></button></li>'
        )
    return mark_safe("\n".join(parts))  # noqa: S308 - only integers and escaped translations go in
