"""One audit log for the whole platform: Wagtail's log entries.

Services call ``audit_log(action, target=..., actor=..., data=...)``; the line lands in Wagtail's
``ModelLogEntry`` (``PageLogEntry`` for pages), so the admin's site-history report, its action and
user filters and each object's history page list it beside Wagtail's own lines. Every dotted action
needs its Chinese label in the owning app's ``audit_actions.py`` (``AUDIT_ACTIONS``); the one
``register_log_actions`` hook in ``edu_platform.wagtail_hooks`` registers them all.
"""

import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, PageLogEntry

from .models import AuditLogEntry

logger = logging.getLogger(__name__)


def audit_log(
    action: str,
    *,
    target: models.Model,
    actor=None,
    data: dict[str, Any] | None = None,
) -> AuditLogEntry | PageLogEntry:
    """Append one line to the audit log (``action`` is dotted, e.g. ``tipoffs.report.viewed``).

    Call it from inside the service's transaction, so the line exists exactly when the change does.
    ``actor`` None (or anonymous) records a system / public action: the active Wagtail log context's
    user is deliberately not used, so an anonymous reporter's action is never pinned on anyone.
    One INSERT: the entry is built here rather than through ``log_action``, whose ``full_clean``
    costs two extra queries per line on hot paths.
    """
    if not log_registry.action_exists(action):
        # Never lose an audit line for a missing label: register the dotted name as its own label
        # and say so (tests/platform/test_audit.py fails on any literal action without a label).
        logger.warning("audit action %s has no label in %s/audit_actions.py", action, action.split(".")[0])
        log_registry.register_action(action, action, action)
    if target.pk is None:
        raise ValueError(f"审计对象 {target!r} 尚未保存。")
    user = actor if actor is not None and actor.is_authenticated else None
    fields = {
        "content_type": ContentType.objects.get_for_model(target, for_concrete_model=False),
        "action": action,
        "timestamp": timezone.now(),
        "data": data or {},
        "user": user,
        "uuid": get_active_log_context().uuid,
    }
    if isinstance(target, Page):
        entry = PageLogEntry(page=target, label=PageLogEntry.objects.get_instance_title(target), **fields)
        PageLogEntry.objects.bulk_create([entry])
    else:
        label = AuditLogEntry.objects.get_instance_title(target)
        entry = AuditLogEntry(object_id=str(target.pk), label=label, **fields)
        AuditLogEntry.objects.bulk_create([entry])
    return entry


def audit_entries_for(target: models.Model):
    """The lines ``audit_log`` wrote about one record (Wagtail log entries), newest first, users joined.

    Wagtail's own ``wagtail.*`` lines (edit, publish…) stay on the object's history page but are
    left out here, so a service's audit trail reads the same whichever admin view called it.
    """
    if isinstance(target, Page):
        entries = PageLogEntry.objects.filter(page_id=target.pk).order_by("-timestamp", "-id")
    else:
        entries = AuditLogEntry.objects.for_instance(target)
    return entries.exclude(action__startswith="wagtail.").select_related("user")
