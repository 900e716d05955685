"""Test data built through the real services (no demo fixtures)."""

import datetime
import itertools

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import PersonCategory, Town, User
from accounts.validators import id_number_check_char
from bookings.models import ExamCentre, Room
from bookings.services import session_create
from exams.models import ExamSubject

_seq = itertools.count(1)


def id_number(n: int) -> str:
    first17 = f"420923199001{(n % 28) + 1:02d}{n % 1000:03d}"
    return first17 + id_number_check_char(first17)


def candidate(name: str | None = None, *, complete: bool = True, **extra) -> User:
    n = next(_seq)
    fields = {"username": f"cand{n}", "email": f"cand{n}@example.com"}
    if complete:
        fields |= {"real_name": name or f"考生{n}", "id_number": id_number(n), "phone": f"138{n:08d}"}
    fields |= extra
    return User.objects.create_user(password="pw-12345678", **fields)


def exam_admin() -> User:
    n = next(_seq)
    user = User.objects.create_user(username=f"examadmin{n}", email=f"ea{n}@example.com", password="pw-12345678")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="考务管理员"))
    return User.objects.get(pk=user.pk)


def subject(code: str = "low-voltage-electrician", name: str = "低压电工作业", **extra) -> ExamSubject:
    obj, _ = ExamSubject.objects.get_or_create(
        code=code, defaults={"name": name, "person_category": PersonCategory.SPECIAL_OPERATOR, **extra}
    )
    return obj


def room(seats: int = 10, *, subjects=None, centre_name: str = "云梦县安全生产考试中心", name: str = "第一考场"):
    # Data-migration rows are gone after a transactional test's flush; make the town if needed.
    town = Town.objects.order_by("pk").first() or Town.objects.create(name="城关镇", code="chengguan")
    centre, _ = ExamCentre.objects.get_or_create(name=centre_name, defaults={"address": "城关镇", "town": town})
    centre.subjects.add(*(subjects or [subject()]))
    room_obj, _ = Room.objects.get_or_create(centre=centre, name=name, defaults={"seats": seats})
    return room_obj


def session(
    *,
    capacity: int = 10,
    days_ahead: int = 7,
    start: str = "09:00",
    end: str = "11:00",
    subjects=None,
    room_obj: Room | None = None,
    actor=None,
    **extra,
):
    subjects = subjects or [subject()]
    room_obj = room_obj or room(max(capacity, 10), subjects=subjects)
    room_obj.centre.subjects.add(*subjects)
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return session_create(
        actor=actor or exam_admin(),
        room=room_obj,
        subjects=subjects,
        date=day,
        start_time=datetime.time.fromisoformat(start),
        end_time=datetime.time.fromisoformat(end),
        capacity=capacity,
        booking_opens_at=extra.pop("booking_opens_at", timezone.now() - datetime.timedelta(days=1)),
        **extra,
    )
