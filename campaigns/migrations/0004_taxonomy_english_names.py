"""English names of the seeded 五进 audiences and sectors, so English pages do not mix in Chinese
labels ("Aug. 14, 2024 · 九小场所 · Fire"). Names staff have already filled in are kept."""

from django.db import migrations, models

AUDIENCES = {
    "enterprise": "Enterprises",
    "village": "Villages",
    "community": "Communities",
    "school": "Schools",
    "family": "Families",
}
SECTORS = {
    "hazardous_chemicals": "Hazardous chemicals",
    "non_coal_mining": "Non-coal mining",
    "industry_trade": "Industry and trade",
    "fireworks": "Fireworks",
    "fire": "Fire safety",
    "traffic": "Traffic",
    "construction": "Construction",
    "gas": "Gas",
    "small_venues": "Nine kinds of small venues",
    "other": "Other",
}


def forwards(apps, schema_editor):
    for model_name, names in (("Audience", AUDIENCES), ("Sector", SECTORS)):
        model = apps.get_model("campaigns", model_name)
        for code, name_en in names.items():
            model.objects.filter(code=code, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0003_review_task_three_groups'),
    ]

    operations = [
        migrations.AddField(
            model_name='audience',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文界面显示；留空则显示中文名称。', max_length=60, verbose_name='英文名称'),
        ),
        migrations.AddField(
            model_name='sector',
            name='name_en',
            field=models.CharField(blank=True, help_text='英文界面显示；留空则显示中文名称。', max_length=60, verbose_name='英文名称'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
