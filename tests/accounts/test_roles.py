import pytest
from django.contrib.auth.models import Group, Permission

from accounts.roles import PRINCIPAL_ROLES, role_permissions

pytestmark = pytest.mark.django_db

ADMIN_ROLES = ["宣教编辑", "宣教审核", "考务管理员", "培训管理员", "举报受理员", "奖励审批人"]


def _perms(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}" for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_every_role_group_exists_and_wagtails_defaults_are_gone():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(PRINCIPAL_ROLES) <= names
    assert "Editors" not in names and "Moderators" not in names


def test_groups_hold_exactly_the_declared_permissions():
    declared = role_permissions()
    existing = {
        f"{app}.{codename}" for app, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    for role in PRINCIPAL_ROLES:
        assert _perms(role) == declared[role] & existing, role


def test_staff_roles_reach_the_admin_and_enterprise_admins_do_not():
    for role in ADMIN_ROLES:
        assert "wagtailadmin.access_admin" in _perms(role), role
    assert "wagtailadmin.access_admin" not in _perms("企业安全管理员")


def test_no_role_can_change_groups_or_users():
    for role in PRINCIPAL_ROLES:
        perms = _perms(role)
        assert not {p for p in perms if p.startswith("auth.")}, role
        assert not perms & {"accounts.add_user", "accounts.change_user", "accounts.delete_user"}, role


def test_exam_and_training_staff_look_people_up_but_tipoff_staff_do_not():
    assert "accounts.view_user" in _perms("考务管理员")
    assert "accounts.view_user" in _perms("培训管理员")
    assert "accounts.view_user" not in _perms("举报受理员")
    assert "accounts.view_user" not in _perms("奖励审批人")


WRITE_ACTIONS = ("add_", "change_", "delete_")


def _writes(perms: set[str], apps: tuple[str, ...]) -> set[str]:
    return {p for p in perms if p.split(".")[0] in apps and p.split(".")[1].startswith(WRITE_ACTIONS)}


def test_exam_and_training_staff_are_separated():
    """考培分离: checked against whatever every app's roles.py grants at the time the test runs."""
    assert _writes(_perms("考务管理员"), ("courses",)) == set()
    assert _writes(_perms("培训管理员"), ("exams", "bookings")) == set()


def test_tipoff_data_stays_with_tipoff_roles():
    for role in PRINCIPAL_ROLES:
        if role in ("举报受理员", "奖励审批人"):
            continue
        assert not {p for p in _perms(role) if p.startswith("tipoffs.")}, role
