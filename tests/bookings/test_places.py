"""Centres and rooms: saved through the services from the Wagtail admin; listings within a query budget."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from bookings.errors import BookingError
from bookings.models import ExamCentre, ExamSession, Room, SessionStatus
from bookings.services import (
    booking_create,
    centre_create,
    centre_update,
    room_create,
    room_update,
    session_cancel,
)
from edu_platform.audit import audit_entries_for

from . import factories as f

pytestmark = pytest.mark.django_db


def _town():
    return f.room().centre.town


def test_room_seats_cannot_drop_below_an_upcoming_session():
    admin = f.exam_admin()
    room = f.room(30)
    s = f.session(capacity=25, room_obj=room, actor=admin)
    with pytest.raises(BookingError) as err:
        room_update(actor=admin, room_id=room.pk, seats=20)
    assert err.value.field == "seats"
    assert str(s) in err.value.message and "25" in err.value.message
    room.refresh_from_db()
    assert room.seats == 30
    # Down to the session's capacity is fine, and the change is audited with old and new values.
    room_update(actor=admin, room_id=room.pk, seats=25)
    room.refresh_from_db()
    assert room.seats == 25
    entry = audit_entries_for(room).get(action="bookings.room.updated")
    assert entry.actor == admin and entry.data == {"seats": ["30", "25"]}


def test_cancelled_and_past_sessions_do_not_hold_the_seats_up():
    admin = f.exam_admin()
    room = f.room(30)
    cancelled = f.session(capacity=30, room_obj=room, actor=admin, days_ahead=7)
    session_cancel(actor=admin, session_id=cancelled.pk, reason="考场维修")
    assert ExamSession.objects.get(pk=cancelled.pk).status == SessionStatus.CANCELLED
    held = f.session(capacity=30, room_obj=room, actor=admin, days_ahead=2)
    with pytest.raises(BookingError, match=str(held)):
        room_update(actor=admin, room_id=room.pk, seats=10)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        room_update(actor=admin, room_id=room.pk, seats=10)
    room.refresh_from_db()
    assert room.seats == 10


def test_room_with_sessions_stays_in_its_centre_and_names_are_unique():
    admin = f.exam_admin()
    room = f.room(30)
    f.session(room_obj=room, actor=admin)
    other = centre_create(actor=admin, name="云梦经济开发区考点", address="开发区", town=room.centre.town)
    with pytest.raises(BookingError, match="不能改到其他考点"):
        room_update(actor=admin, room_id=room.pk, centre=other)
    room_create(actor=admin, centre=room.centre, name="第二考场", seats=20)
    with pytest.raises(BookingError, match="已有名为“第二考场”的考场"):
        room_update(actor=admin, room_id=room.pk, name="第二考场")


def test_centre_cannot_drop_a_subject_an_upcoming_session_examines():
    admin = f.exam_admin()
    welding = f.subject("welding", "熔化焊接与热切割作业")
    s = f.session(subjects=[welding], actor=admin)
    centre = s.centre
    with pytest.raises(BookingError, match="熔化焊接与热切割作业") as err:
        centre_update(actor=admin, centre_id=centre.pk, subjects=[])
    assert str(s) in err.value.message
    assert welding in centre.subjects.all()


def test_places_need_exam_admin():
    town = _town()
    trainer = f.candidate(username="trainer2", is_staff=True)
    trainer.groups.add(Group.objects.get(name="培训管理员"))
    with pytest.raises(BookingError, match="考务管理员"):
        centre_create(actor=trainer, name="X考点", address="X", town=town)
    assert not ExamCentre.objects.filter(name="X考点").exists()


def test_admin_room_edit_refuses_lowering_seats_as_a_form_error(client):
    admin = f.exam_admin()
    room = f.room(30)
    s = f.session(capacity=25, room_obj=room, actor=admin)
    client.force_login(admin)
    url = f"/admin/bookings/rooms/edit/{room.pk}/"
    response = client.post(url, {"centre": room.centre_id, "name": room.name, "seats": "12", "is_active": "on"})
    assert response.status_code == 200
    assert any(str(s) in e for e in response.context["form"].errors["seats"])
    assert str(s) in response.content.decode()
    room.refresh_from_db()
    assert room.seats == 30
    assert not audit_entries_for(room).exists()

    response = client.post(url, {"centre": room.centre_id, "name": room.name, "seats": "40", "is_active": "on"})
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.seats == 40
    assert audit_entries_for(room).get().action == "bookings.room.updated"


def test_admin_creates_centre_and_room_through_services(client):
    admin = f.exam_admin()
    town = _town()
    subj = f.subject()
    client.force_login(admin)
    response = client.post(
        "/admin/bookings/centres/new/",
        {
            "name": "云梦经济开发区考点",
            "address": "开发区大道1号",
            "town": town.pk,
            "subjects": [subj.pk],
            "check_in_opens_minutes": "45",
            "check_in_closes_minutes": "15",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    centre = ExamCentre.objects.get(name="云梦经济开发区考点")
    assert list(centre.subjects.all()) == [subj]
    assert (centre.check_in_opens_minutes, centre.check_in_closes_minutes) == (45, 15)
    assert audit_entries_for(centre).get().action == "bookings.centre.created"

    response = client.post("/admin/bookings/rooms/new/", {"centre": centre.pk, "name": "机考室", "seats": "24"})
    assert response.status_code == 302
    room = Room.objects.get(centre=centre, name="机考室")
    assert room.seats == 24 and not room.is_active
    assert audit_entries_for(room).get().user == admin


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        # 14/13/13/13 measured; before select_related reached the listing: 114/53/33/33.
        ("/admin/bookings/bookings/", 16),
        ("/admin/bookings/sessions/", 15),
        ("/admin/bookings/rooms/", 15),
        ("/admin/bookings/centres/", 15),
    ],
)
def test_admin_listings_keep_their_query_budget_with_30_rows(client, django_assert_max_num_queries, url, budget):
    admin = f.exam_admin()
    subj = f.subject()
    for i in range(30):
        room = f.room(40, name=f"考场{i}", centre_name=f"考点{i}")
        s = f.session(room_obj=room, actor=admin)
        booking_create(candidate=f.candidate(), session_id=s.pk, subject_id=subj.pk)
    client.force_login(admin)
    with django_assert_max_num_queries(budget):
        response = client.get(url)
    assert response.status_code == 200
    # A full page of rows (Wagtail pages by 20), each showing its related names.
    assert len(response.context["object_list"]) == 20
    assert response.content.decode().count("<tr") >= 21


def test_admin_delete_refuses_a_room_with_sessions_and_deletes_an_unused_one(client):
    admin = f.exam_admin()
    s = f.session(actor=admin)
    spare = room_create(actor=admin, centre=s.centre, name="备用考场", seats=10)
    client.force_login(admin)
    response = client.post(f"/admin/bookings/rooms/delete/{s.room_id}/", follow=True)
    assert "不能删除" in response.content.decode()
    assert Room.objects.filter(pk=s.room_id).exists()
    response = client.post(f"/admin/bookings/centres/delete/{s.centre_id}/", follow=True)
    assert "不能删除" in response.content.decode()
    assert ExamCentre.objects.filter(pk=s.centre_id).exists()

    assert client.post(f"/admin/bookings/rooms/delete/{spare.pk}/").status_code == 302
    assert not Room.objects.filter(pk=spare.pk).exists()
    assert audit_entries_for(spare).get(action="bookings.room.deleted").user == admin


def test_sessions_and_bookings_are_never_written_through_the_generic_admin(client):
    # Written only by services (lock, capacity, notices): not even a superuser gets the generic forms.
    from accounts.models import User

    s = f.session()
    b = booking_create(candidate=f.candidate(), session_id=s.pk, subject_id=s.subjects.first().pk)
    root = User.objects.create_superuser(username="root", email="root@example.com", password="pw-12345678")
    client.force_login(root)
    for url in (
        "/admin/bookings/sessions/new/",
        f"/admin/bookings/sessions/edit/{s.pk}/",
        f"/admin/bookings/sessions/delete/{s.pk}/",
        "/admin/bookings/bookings/new/",
        f"/admin/bookings/bookings/edit/{b.pk}/",
        f"/admin/bookings/bookings/delete/{b.pk}/",
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.get(f"/admin/bookings/bookings/inspect/{b.pk}/").status_code == 200
    assert client.get("/admin/bookings/bookings/").status_code == 200
