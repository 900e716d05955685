"""The reward table of 安全生产领域举报奖励办法 (安监总财〔2018〕19号) as data with an effective date."""

import datetime
from decimal import Decimal

from django.db import migrations

EFFECTIVE = datetime.date(2018, 1, 4)
PER_DEATH = {"general": 30000, "larger": 40000, "major": 50000, "extraordinary": 60000}


def seed(apps, schema_editor):
    RewardRule = apps.get_model("tipoffs", "RewardRule")
    RewardRule.objects.update_or_create(
        kind="fine_percentage",
        accident_grade="",
        effective_from=EFFECTIVE,
        defaults={"percentage": Decimal("15"), "min_amount": Decimal("3000"), "max_amount": Decimal("300000")},
    )
    for grade, amount in PER_DEATH.items():
        RewardRule.objects.update_or_create(
            kind="concealed_death",
            accident_grade=grade,
            effective_from=EFFECTIVE,
            defaults={"amount_per_death": Decimal(amount), "max_amount": Decimal("300000")},
        )


class Migration(migrations.Migration):
    dependencies = [("tipoffs", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
