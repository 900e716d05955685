"""On PostgreSQL, Wagtail's log tables refuse DELETE and any UPDATE but one: the content type set
to NULL when its model is removed (the foreign key's SET NULL). The audit log stays append-only
whoever connects — our code, a shell, a stray admin action. TRUNCATE (test database flushes) is a
statement, not a row change, and is not caught. SQLite keeps the model-level guard only.
"""

from django.db import migrations

TABLES = ("wagtailcore_modellogentry", "wagtailcore_pagelogentry")

FUNCTION = """
CREATE OR REPLACE FUNCTION edu_platform_log_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'content_type_id') = (to_jsonb(OLD) - 'content_type_id')
           AND NEW.content_type_id IS NULL THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '审计记录只能追加，不能修改或删除（%）', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION edu_platform_log_append_only()"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS edu_platform_log_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("edu_platform", "0004_delete_auditentry"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
