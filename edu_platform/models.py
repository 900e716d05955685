"""The audit log lives in Wagtail's log tables (``wagtailcore_modellogentry`` and, for pages,
``wagtailcore_pagelogentry``), so the site-history report, its filters and every object's history
page show each audited action. ``AuditLogEntry`` is our append-only view of the model log."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry
from wagtail.models.audit_log import LogEntryQuerySet, ModelLogEntryManager


class AuditLogAppendOnlyError(RuntimeError):
    """Raised on any attempt to change or delete an audit line through our code."""

    def __init__(self):
        super().__init__("审计记录只能追加，不能修改或删除。")


class AuditLogEntryQuerySet(LogEntryQuerySet):
    def update(self, **kwargs):
        raise AuditLogAppendOnlyError

    def delete(self):
        raise AuditLogAppendOnlyError

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogAppendOnlyError


class AuditLogEntryManager(ModelLogEntryManager):
    def get_queryset(self):
        return AuditLogEntryQuerySet(self.model, using=self._db)


class AuditLogEntry(ModelLogEntry):
    """One line of the audit log (a Wagtail ``ModelLogEntry``) that our code may add but never change.

    Written only by ``edu_platform.audit.audit_log``. On PostgreSQL a trigger refuses UPDATE and
    DELETE on the table too, whoever asks (migration 0004).
    """

    objects = AuditLogEntryManager()

    class Meta:
        proxy = True
        ordering = ["-timestamp", "-id"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogAppendOnlyError
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogAppendOnlyError

    # Names the audit line had before it moved onto Wagtail's log, for callers written against them.
    @property
    def actor(self):
        return self.user

    @property
    def created_at(self):
        return self.timestamp
