# 复审 hours come from courses' training_hours_between (学时, rounded down to 0.01), not minutes.

from django.db import migrations, models


def minutes_to_hours(apps, schema_editor):
    ReviewRecord = apps.get_model("certificates", "ReviewRecord")
    for review in ReviewRecord.objects.all():
        review.training_hours = (review.training_hours or 0) / 45
        review.save(update_fields=["training_hours"])


class Migration(migrations.Migration):
    dependencies = [("certificates", "0002_seed_rules")]

    operations = [
        migrations.RenameField("reviewrecord", "training_minutes", "training_hours"),
        migrations.AlterField(
            model_name="reviewrecord",
            name="training_hours",
            field=models.DecimalField(decimal_places=2, max_digits=6, verbose_name="已完成复审培训学时"),
        ),
        migrations.RunPython(minutes_to_hours, migrations.RunPython.noop),
    ]
