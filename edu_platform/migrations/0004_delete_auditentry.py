from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("edu_platform", "0003_copy_audit_entries_to_wagtail_log"),
    ]

    operations = [
        migrations.DeleteModel(name="AuditEntry"),
    ]
