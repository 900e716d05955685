"""Staff roles as Django groups, and the permissions each app grants them.

Groups are created by a data migration. Each app states what its roles may do in its own
``<app>/roles.py``::

    ROLE_PERMISSIONS = {"考务管理员": ["exams.add_question", "exams.change_question", ...]}

After every ``migrate`` we grant exactly those permissions (plus Wagtail admin access for staff
roles), so the table in code is the single truth and a fresh database matches production.

Wagtail checks images and documents per collection, not through ``group.permissions``; an app
states those in ``ROLE_COLLECTION_PERMISSIONS`` (same shape), granted on the root collection and
so on every collection below it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps as django_apps

PRINCIPAL_ROLES = ["宣教编辑", "宣教审核", "考务管理员", "培训管理员", "举报受理员", "奖励审批人", "企业安全管理员"]
# Roles that work in the Wagtail admin; 企业安全管理员 works on the public site only.
ADMIN_ROLES = ["宣教编辑", "宣教审核", "考务管理员", "培训管理员", "举报受理员", "奖励审批人"]

BASE_PERMISSIONS = {role: ["wagtailadmin.access_admin"] for role in ADMIN_ROLES}
# Accounts' own grants. Nobody but a superuser holds auth.* or accounts.change_user, so no role can
# put anyone (itself included) into a group. Exam and training staff look people up; training staff
# keep the register of enterprises whose staff they train. Tip-off and reward staff see no user list.
BASE_PERMISSIONS["考务管理员"] += ["accounts.view_user", "accounts.view_enterprise", "accounts.view_town"]
BASE_PERMISSIONS["培训管理员"] += [
    "accounts.view_user",
    "accounts.view_enterprise",
    "accounts.add_enterprise",
    "accounts.change_enterprise",
    "accounts.view_town",
]


def role_permissions(table: str = "ROLE_PERMISSIONS") -> dict[str, set[str]]:
    """Every role's permissions, gathered from ``BASE_PERMISSIONS`` and each app's ``roles.py``
    (``table`` names the dictionary to read: ``ROLE_PERMISSIONS`` or ``ROLE_COLLECTION_PERMISSIONS``)."""
    merged: dict[str, set[str]] = {role: set() for role in PRINCIPAL_ROLES}
    if table == "ROLE_PERMISSIONS":
        for role, perms in BASE_PERMISSIONS.items():
            merged[role].update(perms)
    for config in django_apps.get_app_configs():
        module_name = f"{config.name}.roles"
        if config.name == "accounts" or find_spec(module_name) is None:
            continue
        for role, perms in getattr(import_module(module_name), table, {}).items():
            merged.setdefault(role, set()).update(perms)
    return merged


def _permissions_named(dotted_names) -> list:
    from django.contrib.auth.models import Permission

    found = []
    for dotted in sorted(dotted_names):
        app_label, codename = dotted.split(".", 1)
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            # A permission whose model's migration has not run yet is granted by the post_migrate
            # of the run that creates it.
            found.append(permission)
    return found


def role_permissions_sync(sender=None, **kwargs) -> None:
    """Make every role group hold exactly its declared permissions (post_migrate handler).

    post_migrate is sent once per installed app, in order, and each app's permissions are made by
    its own signal; so we act on the last app's signal, when every permission exists.
    """
    from django.contrib.auth.models import Group
    from wagtail.models import Collection, GroupCollectionPermission

    # Django sends post_migrate only for apps that have a models module.
    with_models = [config for config in django_apps.get_app_configs() if config.models_module is not None]
    if sender is not None and sender is not with_models[-1]:
        return

    for role, perms in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(_permissions_named(perms))

    root = Collection.get_first_root_node()
    if root is None:
        return
    for role, perms in role_permissions("ROLE_COLLECTION_PERMISSIONS").items():
        group = Group.objects.get(name=role)
        wanted = _permissions_named(perms)
        GroupCollectionPermission.objects.filter(group=group, collection=root).exclude(permission__in=wanted).delete()
        for permission in wanted:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
