"""Dated rule rows, add-only once in force (DESIGN §3: rules change by decree, so they are data).

Four apps keep rules as rows with an ``effective_from`` date — exam rules, training-hours rules,
certificate rules and the tip-off reward/handling tables — and all obey one policy:

- the row in force on a day is the latest one whose date has come; a later row supersedes it;
- a row whose date has come (today included) has decided attempts, requirements, certificates or
  rewards, so it is never edited or deleted — changing it would rewrite history;
- a row still in the future may be corrected or withdrawn, but never moved to before today.

This module is that policy, once: the checks (:func:`rule_in_force`, :func:`rule_guard_editable`,
:func:`rule_guard_start`), the writes built on them (:func:`rule_add`, :func:`rule_correct`,
:func:`rule_withdraw`; each app's service wraps them with its own checks, error type and audit
action), the shared Chinese messages and an admin mixin for the edit/delete views. It imports no
app (DESIGN §2: site-wide helpers depend on nothing above them).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages as flash
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit import audit_log
from .errors import DomainError

Rule = TypeVar("Rule", bound=models.Model)


@dataclass(frozen=True)
class RuleMessages:
    """The refusals a rule table shows; ``%(date)s`` is the rule's date, ``%(today)s`` today's."""

    in_force: Any
    past_start: Any
    duplicate: Any


# 规则 (exam and certificate rules) and 标准 (training hours, reward and handling tables) are the
# words each table's staff use; the policy behind both wordings is the same.
RULE_WORDING = RuleMessages(
    in_force=_("该规则自 %(date)s 起已生效，不能修改或删除；请新增一条以后生效的规则来替代它。"),
    past_start=_("生效日期不能早于今天（%(today)s）：已生效的规则不能追溯修改，请新增一条今天或以后生效的规则。"),
    duplicate=_("该日期已有一条规则，请换一个生效日期。"),
)
STANDARD_WORDING = RuleMessages(
    in_force=_("该标准已于 %(date)s 生效，不能修改或删除；如标准有变，请新增一条以后生效的标准。"),
    past_start=_("生效日期不能早于今天（%(today)s）：已生效的标准不能改写，请新增一条今天或以后生效的标准。"),
    duplicate=_("该日期已有一条标准，请换一个生效日期。"),
)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def rule_in_force(rule: models.Model, today: datetime.date | None = None) -> bool:
    """Whether a saved ``rule`` is in force (or was) on ``today``: then it is frozen."""
    return rule.pk is not None and rule.effective_from <= _today(today)


def in_force_message(rule: models.Model, wording: RuleMessages = RULE_WORDING) -> str:
    """The refusal for editing or deleting ``rule`` (which is in force), in the active language."""
    return wording.in_force % {"date": f"{rule.effective_from:%Y-%m-%d}"}


def rule_guard_editable(
    rule: models.Model,
    *,
    error: type[DomainError],
    wording: RuleMessages = RULE_WORDING,
    today: datetime.date | None = None,
) -> None:
    """Raise ``error`` when ``rule`` is in force: only a future rule may be corrected or withdrawn."""
    if rule_in_force(rule, today):
        raise error(in_force_message(rule, wording))


def rule_guard_start(
    effective_from: datetime.date,
    *,
    error: type[DomainError],
    wording: RuleMessages = RULE_WORDING,
    today: datetime.date | None = None,
    strictly_later: bool = False,
) -> None:
    """Raise ``error`` (on ``effective_from``) for a start before today, or, with ``strictly_later``,
    not after today (a corrected rule may not take the place of one already in force today)."""
    today = _today(today)
    if effective_from < today or (strictly_later and effective_from == today):
        raise error(wording.past_start % {"today": f"{today:%Y-%m-%d}"}, field="effective_from")


def rule_lock(model: type[Rule], pk: Any) -> Rule:
    """Lock and re-read a rule row: the stored date decides, not what a stale form says."""
    return model._default_manager.select_for_update().get(pk=pk)


def _save(rule: Rule, *, error: type[DomainError], wording: RuleMessages) -> None:
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError as exc:  # a concurrent add of the same date passed the checks too
        raise error(wording.duplicate, field="effective_from") from exc


@transaction.atomic
def rule_add(
    rule: Rule,
    *,
    error: type[DomainError],
    actor: Any,
    action: str,
    audit_data: Callable[[Rule], dict],
    check: Callable[[Rule], None] | None = None,
    wording: RuleMessages = RULE_WORDING,
    today: datetime.date | None = None,
    allow_past: bool = False,
) -> Rule:
    """Save the new, unsaved ``rule``: dated today or later (unless ``allow_past``), checked by
    ``check`` (which raises ``error``), audited as ``action``. It supersedes earlier rows from its date.
    """
    if not allow_past:
        rule_guard_start(rule.effective_from, error=error, wording=wording, today=today)
    if check is not None:
        check(rule)
    _save(rule, error=error, wording=wording)
    audit_log(action, target=rule, actor=actor, data=audit_data(rule))
    return rule


@transaction.atomic
def rule_correct(
    rule: Rule,
    *,
    values: dict[str, Any],
    error: type[DomainError],
    actor: Any,
    action: str,
    audit_data: Callable[[Rule], dict],
    check: Callable[[Rule], None] | None = None,
    wording: RuleMessages = RULE_WORDING,
    today: datetime.date | None = None,
    strictly_later: bool = False,
) -> Rule:
    """Change a rule that is not yet in force to ``values`` (field → value) and return the stored row.

    Refused with ``error`` when the stored rule is in force, or when the corrected date is before
    today (or, with ``strictly_later``, not after it).
    """
    today = _today(today)
    stored = rule_lock(type(rule), rule.pk)
    rule_guard_editable(stored, error=error, wording=wording, today=today)
    for name, value in values.items():
        setattr(stored, name, value)
    rule_guard_start(stored.effective_from, error=error, wording=wording, today=today, strictly_later=strictly_later)
    if check is not None:
        check(stored)
    _save(stored, error=error, wording=wording)
    audit_log(action, target=stored, actor=actor, data=audit_data(stored))
    return stored


@transaction.atomic
def rule_withdraw(
    rule: models.Model,
    *,
    error: type[DomainError],
    actor: Any,
    action: str,
    audit_data: Callable[[Any], dict],
    wording: RuleMessages = RULE_WORDING,
    today: datetime.date | None = None,
) -> None:
    """Delete a rule that is not yet in force (audited first); a rule in force is refused with ``error``."""
    stored = rule_lock(type(rule), rule.pk)
    rule_guard_editable(stored, error=error, wording=wording, today=today)
    audit_log(action, target=stored, actor=actor, data=audit_data(stored))
    stored.delete()


class InForceRefusalMixin:
    """For a Wagtail ``EditView``/``DeleteView`` of a rule table: a rule in force is refused with the
    table's message and the user goes back to the listing (nobody, not even a superuser, rewrites it).

    ``get``/``post`` run after the view's permission check (in ``dispatch``), so the refusal tells
    nobody more than the listing does. ``refuse_in_force_on`` names the methods refused here; a view
    whose service refusal should appear on the re-rendered form leaves ``post`` out.
    """

    rule_wording: RuleMessages = RULE_WORDING
    refuse_in_force_on: tuple[str, ...] = ("get", "post")

    def in_force_refusal(self, request):
        if request.method.lower() not in self.refuse_in_force_on:
            return None
        self.object = self.get_object()
        if not rule_in_force(self.object):
            return None
        flash.error(request, in_force_message(self.object, self.rule_wording))
        return redirect(self.index_url_name)

    def get(self, request, *args, **kwargs):
        return self.in_force_refusal(request) or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.in_force_refusal(request) or super().post(request, *args, **kwargs)


__all__ = [
    "RULE_WORDING",
    "STANDARD_WORDING",
    "InForceRefusalMixin",
    "RuleMessages",
    "in_force_message",
    "rule_add",
    "rule_correct",
    "rule_guard_editable",
    "rule_guard_start",
    "rule_in_force",
    "rule_lock",
    "rule_withdraw",
]
