"""Our models' default permissions named in Chinese.

Django names each model's add/change/delete/view permission "Can add <verbose name>" in English when it
migrates, and stores it: Wagtail's group editor then shows "Can add 企业". These are renamed after each
migrate (and after every test flush, which re-sends post_migrate) to 可以添加企业 and so on. Only our apps'
permissions: Django's and Wagtail's keep their names, which English mode shows correctly.
"""

from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings

ACTIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}


def our_app_labels() -> list[str]:
    """The labels of the apps that live in this repository (not in the virtualenv's packages)."""
    base = Path(settings.BASE_DIR)
    return [
        config.label
        for config in django_apps.get_app_configs()
        if Path(config.path).is_relative_to(base) and "site-packages" not in Path(config.path).parts
    ]


def chinese_permission_name(codename: str, verbose_name: str) -> str | None:
    """可以添加<verbose name> for a default permission's codename; None for a custom permission."""
    action = codename.split("_", 1)[0]
    if action not in ACTIONS:
        return None
    return f"可以{ACTIONS[action]}{verbose_name}"


def permission_names_sync(sender=None, using="default", apps=None, **kwargs) -> None:
    """Rename our models' English default permission names (post_migrate handler).

    Django's own handler makes each app's permissions on that app's post_migrate, which it connects
    after ours (our apps come first in INSTALLED_APPS); so, like accounts.roles, this acts on the last
    app's signal, when every one of our permissions exists.
    """
    with_models = [config for config in django_apps.get_app_configs() if config.models_module is not None]
    if sender is not None and sender is not with_models[-1]:
        return
    apps = apps or django_apps
    try:
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    renamed = []
    for permission in (
        Permission.objects.using(using)
        .filter(content_type__app_label__in=our_app_labels(), name__startswith="Can ")
        .select_related("content_type")
    ):
        try:
            model = django_apps.get_model(permission.content_type.app_label, permission.content_type.model)
        except LookupError:  # a stale content type of a model that was removed
            continue
        if permission.codename != f"{permission.codename.split('_', 1)[0]}_{model._meta.model_name}":
            continue  # a custom permission that happens to start with "Can "
        name = chinese_permission_name(permission.codename, str(model._meta.verbose_name_raw))
        if name and name != permission.name:
            permission.name = name
            renamed.append(permission)
    Permission.objects.using(using).bulk_update(renamed, ["name"])
