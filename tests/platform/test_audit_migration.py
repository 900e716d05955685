"""The AuditEntry → Wagtail log migration keeps every line (content type, id, action, user, data, time)."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Locale, ModelLogEntry, Page, PageLogEntry

from accounts.models import User

BEFORE = [("edu_platform", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_audit_entries_move_onto_wagtail_log_and_back():
    actor = User.objects.create_user("handler", "h@example.com", "pw")
    target = User.objects.create_user("learner", "l@example.com", "pw")
    # A transactional test that ran earlier (a browser test) may have flushed the tree Wagtail migrates in.
    page = Page.objects.filter(depth=1).first()
    if page is None:
        Locale.objects.get_or_create(language_code="zh-hans")
        page = Page.add_root(instance=Page(title="Root", slug="root"))
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    AuditEntry = old.get_model("edu_platform", "AuditEntry")
    when = timezone.make_aware(dt.datetime(2025, 6, 16, 9, 30))
    line = AuditEntry.objects.create(
        action="accounts.profile.updated",
        actor_id=actor.pk,
        target_type="accounts.user",
        target_id=str(target.pk),
        data={"field": "phone"},
    )
    AuditEntry.objects.create(action="accounts.town.saved", target_type="wagtailcore.page", target_id=str(page.pk))
    AuditEntry.objects.filter(pk=line.pk).update(created_at=when)

    _migrate(None)

    entry = ModelLogEntry.objects.get(action="accounts.profile.updated")
    assert (entry.content_type.app_label, entry.content_type.model) == ("accounts", "user")
    assert entry.object_id == str(target.pk)
    assert entry.user_id == actor.pk
    assert entry.data == {"field": "phone"}
    assert entry.timestamp == when
    assert entry.message == "修改个人资料"  # the registered label, so the history shows it in Chinese
    page_entry = PageLogEntry.objects.get(action="accounts.town.saved")
    assert page_entry.page_id == page.pk and page_entry.user_id is None
    assert "edu_platform_auditentry" not in connection.introspection.table_names()

    # Backwards: the lines return to AuditEntry and leave Wagtail's log, so forwards again copies once.
    executor = _migrate(BEFORE)
    AuditEntry = executor.loader.project_state(BEFORE).apps.get_model("edu_platform", "AuditEntry")
    back = AuditEntry.objects.get(action="accounts.profile.updated")
    assert (back.target_type, back.target_id, back.actor_id, back.created_at) == (
        "accounts.user",
        str(target.pk),
        actor.pk,
        when,
    )
    assert not ModelLogEntry.objects.filter(action="accounts.profile.updated").exists()
    _migrate(None)
    assert ModelLogEntry.objects.filter(action="accounts.profile.updated").count() == 1
