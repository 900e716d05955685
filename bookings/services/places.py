"""Exam-admin writes to the places exams happen in: centres (考点) and their rooms (考场).

A room's seats bound every session's capacity in it, so lowering seats is checked against the
room's upcoming sessions under the room's row lock (``session_create`` takes the same lock).
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Town
from edu_platform.audit import audit_log
from exams.models import ExamSubject

from ..errors import BookingError
from ..models import ExamCentre, ExamSession, Room, SessionStatus

_CENTRE_TEXT_FIELDS = ("name", "address", "contact_phone", "opening_hours", "directions", "accessibility_notes")


def _require(actor, permission: str) -> None:
    if actor is None or not actor.is_authenticated or not actor.has_perm(permission):
        raise BookingError(_("只有考务管理员可以维护考点和考场。"))


def _upcoming_sessions(**filters):
    return (
        ExamSession.objects.filter(date__gte=timezone.localdate(), **filters)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("centre", "room")
        .order_by("date", "start_time", "pk")
    )


def _changes(obj, values: dict) -> dict[str, list[str]]:
    """Field → [old, new] for the audit line; applies the new values to ``obj``."""
    changed = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if new != old:
            changed[field] = [str(old), str(new)]
            setattr(obj, field, new)
    return changed


def _centre_name_free(name: str, *, exclude_pk: int | None = None) -> None:
    name = name.strip()
    if not name:
        raise BookingError(_("请填写考点名称。"), field="name")
    if ExamCentre.objects.filter(name=name).exclude(pk=exclude_pk).exists():
        raise BookingError(_("已有名为“%(name)s”的考点，请换一个名称。") % {"name": name}, field="name")


@transaction.atomic
def centre_create(
    *,
    actor,
    name: str,
    address: str,
    town: Town,
    subjects: Iterable[ExamSubject] = (),
    contact_phone: str = "",
    opening_hours: str = "",
    directions: str = "",
    accessibility_notes: str = "",
    is_active: bool = True,
    check_in_opens_minutes: int = 60,
    check_in_closes_minutes: int = 30,
) -> ExamCentre:
    """A new exam centre offering ``subjects``; check-in runs from ``check_in_opens_minutes`` before
    each session's start to ``check_in_closes_minutes`` after it."""
    _require(actor, "bookings.add_examcentre")
    _centre_name_free(name)
    centre = ExamCentre.objects.create(
        check_in_opens_minutes=check_in_opens_minutes,
        check_in_closes_minutes=check_in_closes_minutes,
        name=name.strip(),
        address=address,
        town=town,
        contact_phone=contact_phone,
        opening_hours=opening_hours,
        directions=directions,
        accessibility_notes=accessibility_notes,
        is_active=is_active,
    )
    subjects = list(subjects)
    centre.subjects.set(subjects)
    audit_log(
        "bookings.centre.created",
        target=centre,
        actor=actor,
        data={"name": centre.name, "subjects": sorted(s.code for s in subjects)},
    )
    return centre


@transaction.atomic
def centre_update(
    *,
    actor,
    centre_id: int,
    name: str | None = None,
    address: str | None = None,
    town: Town | None = None,
    subjects: Iterable[ExamSubject] | None = None,
    contact_phone: str | None = None,
    opening_hours: str | None = None,
    directions: str | None = None,
    accessibility_notes: str | None = None,
    is_active: bool | None = None,
    check_in_opens_minutes: int | None = None,
    check_in_closes_minutes: int | None = None,
) -> ExamCentre:
    """Change a centre; ``None`` leaves a field as it is.

    A subject cannot be dropped while an upcoming session at the centre still examines it.
    """
    _require(actor, "bookings.change_examcentre")
    centre = ExamCentre.objects.select_for_update().filter(pk=centre_id).first()
    if centre is None:
        raise BookingError(_("找不到这个考点，可能已被删除。"))
    if name is not None:
        _centre_name_free(name, exclude_pk=centre.pk)
        name = name.strip()
    given = {
        "name": name,
        "address": address,
        "contact_phone": contact_phone,
        "opening_hours": opening_hours,
        "directions": directions,
        "accessibility_notes": accessibility_notes,
        "town": town,
        "is_active": is_active,
        "check_in_opens_minutes": check_in_opens_minutes,
        "check_in_closes_minutes": check_in_closes_minutes,
    }
    changed = _changes(centre, {k: v for k, v in given.items() if v is not None})
    if subjects is not None:
        new_subjects = {s.pk: s for s in subjects}
        old_subjects = {s.pk: s for s in centre.subjects.all()}
        dropped = [old_subjects[pk] for pk in old_subjects.keys() - new_subjects.keys()]
        if dropped:
            in_use = _upcoming_sessions(centre=centre, subjects__in=dropped).distinct().first()
            if in_use is not None:
                names = "、".join(s.name for s in dropped if in_use.subjects.filter(pk=s.pk).exists())
                raise BookingError(
                    _("场次“%(session)s”还要考“%(subjects)s”，不能从考点取消这个科目。请先取消该场次或等它结束。")
                    % {"session": in_use, "subjects": names},
                    field="subjects",
                )
        if new_subjects.keys() != old_subjects.keys():
            changed["subjects"] = [
                sorted(s.code for s in old_subjects.values()),
                sorted(s.code for s in new_subjects.values()),
            ]
            centre.subjects.set(new_subjects.values())
    if changed:
        centre.save()
        audit_log("bookings.centre.updated", target=centre, actor=actor, data=changed)
    return centre


def _room_name_free(centre: ExamCentre, name: str, *, exclude_pk: int | None = None) -> None:
    if not name.strip():
        raise BookingError(_("请填写考场名称。"), field="name")
    if Room.objects.filter(centre=centre, name=name.strip()).exclude(pk=exclude_pk).exists():
        raise BookingError(
            _("考点“%(centre)s”已有名为“%(name)s”的考场，请换一个名称。")
            % {"centre": centre.name, "name": name.strip()},
            field="name",
        )


def _seats_valid(seats: int) -> None:
    if seats <= 0:
        raise BookingError(_("座位数必须大于0。"), field="seats")


@transaction.atomic
def room_create(*, actor, centre: ExamCentre, name: str, seats: int, is_active: bool = True) -> Room:
    """A new room with ``seats`` seats in ``centre``."""
    _require(actor, "bookings.add_room")
    _seats_valid(seats)
    _room_name_free(centre, name)
    room = Room.objects.create(centre=centre, name=name.strip(), seats=seats, is_active=is_active)
    audit_log(
        "bookings.room.created",
        target=room,
        actor=actor,
        data={"centre": centre.name, "name": room.name, "seats": seats},
    )
    return room


@transaction.atomic
def room_update(
    *,
    actor,
    room_id: int,
    centre: ExamCentre | None = None,
    name: str | None = None,
    seats: int | None = None,
    is_active: bool | None = None,
) -> Room:
    """Change a room; ``None`` leaves a field as it is.

    Seats may not drop below the capacity of any upcoming, not-cancelled session in the room, and a
    room with sessions stays in its centre (each session records both).
    """
    _require(actor, "bookings.change_room")
    # The same lock session_create takes: no session can be sized against the old seat count meanwhile.
    room = Room.objects.select_for_update().select_related("centre").filter(pk=room_id).first()
    if room is None:
        raise BookingError(_("找不到这个考场，可能已被删除。"))
    if centre is not None and centre.pk != room.centre_id and room.sessions.exists():
        raise BookingError(
            _("考场“%(room)s”已安排过场次，不能改到其他考点。请在新考点另建考场。") % {"room": room.name},
            field="centre",
        )
    target_centre = centre or room.centre
    if name is not None:
        _room_name_free(target_centre, name, exclude_pk=room.pk)
        name = name.strip()
    if seats is not None:
        _seats_valid(seats)
        if seats < room.seats:
            too_big = _upcoming_sessions(room=room, capacity__gt=seats).order_by("-capacity", "date", "start_time")
            session = too_big.first()
            if session is not None:
                raise BookingError(
                    _(
                        "场次“%(session)s”的可预约座位数为 %(capacity)s，考场座位数不能少于 %(capacity)s。"
                        "请先取消该场次，或另选座位更多的考场。"
                    )
                    % {"session": session, "capacity": session.capacity},
                    field="seats",
                )
    given = {"centre": centre, "name": name, "seats": seats, "is_active": is_active}
    changed = _changes(room, {k: v for k, v in given.items() if v is not None})
    if changed:
        room.save()
        audit_log("bookings.room.updated", target=room, actor=actor, data=changed)
    return room


@transaction.atomic
def centre_delete(*, actor, centre_id: int) -> None:
    """Remove a centre that never had a session (its rooms go with it); otherwise say to deactivate it."""
    _require(actor, "bookings.delete_examcentre")
    centre = ExamCentre.objects.select_for_update().filter(pk=centre_id).first()
    if centre is None:
        raise BookingError(_("找不到这个考点，可能已被删除。"))
    count = centre.sessions.count()
    if count:
        raise BookingError(
            _(
                "考点“%(centre)s”已安排过 %(count)s 个场次，考生的预约和成绩都挂在这些场次上，不能删除。"
                "如不再使用，请编辑考点并取消勾选“启用”。"
            )
            % {"centre": centre.name, "count": count}
        )
    audit_log("bookings.centre.deleted", target=centre, actor=actor, data={"name": centre.name})
    centre.delete()


@transaction.atomic
def room_delete(*, actor, room_id: int) -> None:
    """Remove a room that never had a session; otherwise say to deactivate it."""
    _require(actor, "bookings.delete_room")
    room = Room.objects.select_for_update().select_related("centre").filter(pk=room_id).first()
    if room is None:
        raise BookingError(_("找不到这个考场，可能已被删除。"))
    count = room.sessions.count()
    if count:
        raise BookingError(
            _("考场“%(room)s”已安排过 %(count)s 个场次，不能删除。如不再使用，请编辑考场并取消勾选“启用”。")
            % {"room": room, "count": count}
        )
    audit_log("bookings.room.deleted", target=room, actor=actor, data={"centre": room.centre.name, "name": room.name})
    room.delete()
