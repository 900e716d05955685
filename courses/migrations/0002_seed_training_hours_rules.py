import datetime

from django.db import migrations

BASIS = "生产经营单位安全培训规定（2015年修正）"
EFFECTIVE = datetime.date(2015, 7, 1)
# (person_category, high_risk, initial_hours, annual_hours); DESIGN §3.
RULES = [
    ("principal", False, 32, 12),
    ("principal", True, 48, 16),
    ("safety_manager", False, 32, 12),
    ("safety_manager", True, 48, 16),
    ("special_operator", False, 0, 0),
    ("special_operator", True, 0, 0),
    ("other", False, 24, 0),
    ("other", True, 72, 20),
]


def seed(apps, schema_editor):
    TrainingHoursRule = apps.get_model("courses", "TrainingHoursRule")
    for category, high_risk, initial, annual in RULES:
        TrainingHoursRule.objects.get_or_create(
            person_category=category,
            high_risk=high_risk,
            effective_from=EFFECTIVE,
            defaults={"initial_hours": initial, "annual_hours": annual, "basis": BASIS},
        )


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
