"""Remove Wagtail's default "Editors" and "Moderators" groups: staff use the roles of DESIGN §1 only,
and two more groups with page rights would be easy to grant by mistake."""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_towns_and_roles"),
        # The groups are created and granted rights by these apps' data migrations.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(remove_groups, migrations.RunPython.noop)]
