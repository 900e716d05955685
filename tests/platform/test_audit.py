"""One audit log (issue 12): audit_log writes Wagtail's log, so the admin's history shows it."""

import pathlib
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from accounts.models import User
from edu_platform.audit import audit_entries_for, audit_log
from edu_platform.models import AuditLogAppendOnlyError, AuditLogEntry
from edu_platform.wagtail_hooks import collected_audit_actions

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
CALL = re.compile(r"audit_log\((.*?)target=", re.S)
LITERAL = re.compile(r"\"([a-z_]+(?:\.[a-z_]+)+)\"")


@pytest.fixture
def admin_user():
    return User.objects.create_superuser("root", "root@example.com", "pw")


@pytest.fixture
def someone():
    return User.objects.create_user("someone", "someone@example.com", "pw")


def test_audit_log_writes_one_wagtail_log_entry_with_the_actor_and_data(someone, admin_user):
    ContentType.objects.get_for_model(User)  # warm the content-type cache, as any running site has
    with _queries() as ctx:
        audit_log("accounts.profile.updated", target=someone, actor=admin_user, data={"field": "phone"})
    assert len(ctx) == 1, "one INSERT per audit line"
    entry = ModelLogEntry.objects.get(action="accounts.profile.updated")
    assert entry.user == admin_user
    assert entry.object_id == str(someone.pk)
    assert entry.content_type == ContentType.objects.get_for_model(User)
    assert entry.data == {"field": "phone"}
    assert entry.message == "修改个人资料"
    assert list(log_registry.get_logs_for_instance(someone)) == [entry]


def test_anonymous_actions_name_nobody(someone):
    from django.contrib.auth.models import AnonymousUser

    audit_log("accounts.profile.updated", target=someone, actor=AnonymousUser())
    assert audit_entries_for(someone).get().user is None


def test_pages_get_page_log_entries():
    root = Page.objects.get(depth=1)
    audit_log("accounts.profile.updated", target=root)
    assert PageLogEntry.objects.get(page=root).action == "accounts.profile.updated"
    assert [e.action for e in audit_entries_for(root)] == ["accounts.profile.updated"]


def test_audit_entries_for_leaves_out_wagtail_own_lines(someone, admin_user):
    log_registry.log(someone, "wagtail.edit", user=admin_user)
    audit_log("accounts.profile.updated", target=someone, actor=admin_user)
    assert [e.action for e in audit_entries_for(someone)] == ["accounts.profile.updated"]


def test_site_history_report_lists_and_filters_audited_actions(client, someone, admin_user):
    audit_log("accounts.profile.updated", target=someone, actor=admin_user)
    audit_log("accounts.town.saved", target=someone, actor=admin_user)
    client.force_login(admin_user)
    page = client.get("/admin/reports/site-history/").content.decode()
    assert "修改个人资料" in page and "保存乡镇" in page
    # The action filter offers our labels and narrows the listing to one action.
    filtered = client.get("/admin/reports/site-history/", {"action": "accounts.town.saved"}).content.decode()
    assert "保存乡镇" in filtered
    assert filtered.count("修改个人资料") < page.count("修改个人资料")  # its row is gone, the filter option stays
    assert "accounts.town.saved" in page  # the filter's option value


def test_site_history_offers_no_delete(client, someone, admin_user):
    audit_log("accounts.profile.updated", target=someone, actor=admin_user)
    client.force_login(admin_user)
    page = client.get("/admin/reports/site-history/").content.decode()
    assert 'method="post"' not in page.lower()
    assert "delete" not in re.sub(r"\s+", " ", page).lower().split("<main", 1)[-1].split("</main>")[0]


def test_every_literal_action_has_a_chinese_label():
    labels = collected_audit_actions()
    missing = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if (
            rel.parts[0] in {".venv", "tests", "bench"}
            or "migrations" in rel.parts
            or rel == pathlib.Path("edu_platform/audit.py")
        ):
            continue
        for call in CALL.finditer(path.read_text(encoding="utf-8")):
            missing += [f"{action} ({rel})" for action in LITERAL.findall(call.group(1)) if action not in labels]
    assert not missing, "add these to <app>/audit_actions.py AUDIT_ACTIONS: " + ", ".join(sorted(missing))


def test_an_unlabelled_action_is_still_written(someone, caplog):
    entry = audit_log("platform.test.unlabelled", target=someone)
    assert ModelLogEntry.objects.filter(pk=entry.pk).exists()
    assert "platform.test.unlabelled" in caplog.text


def test_audit_lines_cannot_be_changed_or_deleted_through_our_models(someone):
    entry = audit_log("accounts.profile.updated", target=someone)
    line = AuditLogEntry.objects.get(pk=entry.pk)
    line.data = {"forged": True}
    with pytest.raises(AuditLogAppendOnlyError):
        line.save()
    with pytest.raises(AuditLogAppendOnlyError):
        line.delete()
    with pytest.raises(AuditLogAppendOnlyError):
        AuditLogEntry.objects.filter(pk=entry.pk).update(data={})
    with pytest.raises(AuditLogAppendOnlyError):
        AuditLogEntry.objects.filter(pk=entry.pk).delete()
    assert ModelLogEntry.objects.get(pk=entry.pk).data == {}


@pytest.mark.postgres
def test_postgres_refuses_update_and_delete_of_log_rows(someone):
    from django.db import DatabaseError, transaction

    entry = audit_log("accounts.profile.updated", target=someone)
    for sql in (
        "UPDATE wagtailcore_modellogentry SET action = 'x' WHERE id = %s",
        "DELETE FROM wagtailcore_modellogentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [entry.pk])
    # The content type's ON DELETE SET NULL still works (a removed model must not block cleanup).
    with connection.cursor() as c:
        c.execute("UPDATE wagtailcore_modellogentry SET content_type_id = NULL WHERE id = %s", [entry.pk])
    assert ModelLogEntry.objects.get(pk=entry.pk).content_type_id is None


def _queries():
    from django.test.utils import CaptureQueriesContext

    return CaptureQueriesContext(connection)
