"""Copy every AuditEntry line onto Wagtail's log (one audit log, issue 12).

Content type from ``target_type`` ("app_label.model"), object id, action, user, data and timestamp
are kept as they were. Lines about pages go to PageLogEntry, the rest to ModelLogEntry. Backwards,
the lines with our dotted actions go back to AuditEntry and leave Wagtail's log, so forward again
copies each line once.
"""

from django.db import migrations

BATCH = 1000


def _is_page_model(model) -> bool:
    # Historical models keep fields, not Python inheritance: a page subclass has its page_ptr.
    if model._meta.label_lower == "wagtailcore.page":
        return True
    return any(field.name == "page_ptr" for field in model._meta.get_fields())


def copy_forward(apps, schema_editor):
    AuditEntry = apps.get_model("edu_platform", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    content_types: dict[str, object] = {}
    page_types: dict[str, bool] = {}
    model_rows, page_rows = [], []

    def flush():
        ModelLogEntry.objects.bulk_create(model_rows)
        PageLogEntry.objects.bulk_create(page_rows)
        model_rows.clear()
        page_rows.clear()

    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=BATCH):
        if entry.target_type not in content_types:
            app_label, _, model_name = entry.target_type.partition(".")
            content_types[entry.target_type], _ = ContentType.objects.get_or_create(
                app_label=app_label, model=model_name
            )
            try:
                page_types[entry.target_type] = _is_page_model(apps.get_model(app_label, model_name))
            except LookupError:  # a model since removed: keep the line as a plain model entry
                page_types[entry.target_type] = False
        fields = {
            "content_type": content_types[entry.target_type],
            # Historical models have no __str__; the title names the record the way the old log did.
            "label": f"{entry.target_type} #{entry.target_id}",
            "action": entry.action,
            "timestamp": entry.created_at,
            "data": entry.data or {},
            "user_id": entry.actor_id,
        }
        if page_types[entry.target_type]:
            page_rows.append(PageLogEntry(page_id=int(entry.target_id), **fields))
        else:
            model_rows.append(ModelLogEntry(object_id=entry.target_id, **fields))
        if len(model_rows) + len(page_rows) >= BATCH:
            flush()
    flush()


def copy_backward(apps, schema_editor):
    AuditEntry = apps.get_model("edu_platform", "AuditEntry")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    for log_model, id_field in ((ModelLogEntry, "object_id"), (PageLogEntry, "page_id")):
        ours = log_model.objects.exclude(action__startswith="wagtail.")
        entries = list(ours.select_related("content_type").order_by("timestamp", "pk"))
        created = AuditEntry.objects.bulk_create(
            AuditEntry(
                action=entry.action,
                actor_id=entry.user_id,
                target_type=f"{entry.content_type.app_label}.{entry.content_type.model}" if entry.content_type else "",
                target_id=str(getattr(entry, id_field)),
                data=entry.data or {},
            )
            for entry in entries
        )
        # auto_now_add stamped every row with now: put the original times back.
        for row, entry in zip(created, entries, strict=True):
            row.created_at = entry.timestamp
        AuditEntry.objects.bulk_update(created, ["created_at"], batch_size=BATCH)
        ours.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("edu_platform", "0002_auditlogentry"),
    ]

    operations = [
        migrations.RunPython(copy_forward, copy_backward, elidable=False),
    ]
