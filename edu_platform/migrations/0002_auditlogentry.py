from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("edu_platform", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditLogEntry",
            fields=[],
            options={
                "verbose_name": "审计记录",
                "verbose_name_plural": "审计记录",
                "ordering": ["-timestamp", "-id"],
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("wagtailcore.modellogentry",),
        ),
    ]
