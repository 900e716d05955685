from typing import Any

from django.db import models

from .models import AuditEntry


def audit_log(action: str, *, target: models.Model, actor=None, data: dict[str, Any] | None = None) -> AuditEntry:
    """Append one line to the audit log (``action`` is dotted, e.g. ``tipoffs.report.viewed``).

    Call it from inside the service's transaction, so the line exists exactly when the change does.
    """
    return AuditEntry.objects.create(
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )


def audit_entries_for(target: models.Model):
    return AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related(
        "actor"
    )
