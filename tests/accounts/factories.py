"""Test data made through the real services (no fixtures loading the demo)."""

import itertools

from django.contrib.auth.models import Group

from accounts.models import Enterprise, Industry, Town, User
from accounts.services import enterprise_create
from accounts.validators import credit_code_check_char, id_number_check_char

_serial = itertools.count(1)
TEST_PASSWORD = "Pass-word-2024"


def valid_id_number(serial: int | None = None) -> str:
    serial = next(_serial) if serial is None else serial
    first17 = f"42092319900101{serial % 1000:03d}"
    return first17 + id_number_check_char(first17)


def valid_credit_code(serial: int | None = None) -> str:
    serial = next(_serial) if serial is None else serial
    body = f"91420923MA4F{serial % 100000:05d}"
    return body + credit_code_check_char(body)


def town(code: str = "chengguan") -> Town:
    """A town seeded by migration; transactional tests flush data migrations' rows, so recreate if needed."""
    found, _ = Town.objects.get_or_create(code=code, defaults={"name": code})
    return found


def make_enterprise(name: str = "云梦县测试化工有限公司", **kwargs) -> Enterprise:
    return enterprise_create(
        name=name,
        credit_code=kwargs.pop("credit_code", None) or valid_credit_code(),
        industry=kwargs.pop("industry", Industry.HAZARDOUS_CHEMICALS),
        town=kwargs.pop("town", None) or town("chengguan"),
        **kwargs,
    )


def make_user(username: str, *, password: str = TEST_PASSWORD, groups: tuple[str, ...] = (), **fields) -> User:
    fields.setdefault("email", f"{username}@example.cn")
    user = User.objects.create_user(username=username, password=password, **fields)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user
