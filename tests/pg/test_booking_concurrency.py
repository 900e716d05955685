"""The booking guarantee on PostgreSQL with real concurrent clients (DESIGN §5, §6).

Each thread has its own database connection. The control run switches the session lock off and
shows the same test catching the overbooking, so a green run means the lock is what holds the line.
"""

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection

from bookings import locking
from bookings.errors import BookingError, SessionFullError
from bookings.models import ACTIVE_STATUSES, Booking
from bookings.services import booking_create
from bookings.services import candidates as candidate_services
from tests.bookings import factories as f

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 200
SEATS = 10
WORKERS = 40  # concurrent connections (PostgreSQL's default limit is 100)


def rush(calls):
    """Run every call at once from WORKERS threads; return each call's outcome."""
    start = threading.Event()

    def run(call):
        start.wait()
        try:
            call()
            return "booked"
        except SessionFullError:
            return "full"
        except BookingError as exc:
            return f"refused: {exc.message}"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(run, call) for call in calls]
        time.sleep(0.2)
        start.set()
        outcomes = [future.result() for future in futures]
    close_old_connections()
    return outcomes


def _clients(session, n):
    subject_id = session.subjects.first().pk
    users = [f.candidate() for _ in range(n)]
    return [
        (lambda user=user: booking_create(candidate=user, session_id=session.pk, subject_id=subject_id))
        for user in users
    ]


def _slow_seats_left(monkeypatch):
    """Widen the gap between counting and inserting, so any missing lock shows up every time."""
    original = candidate_services.seat_state_locked

    def slow(*args, **kwargs):
        value = original(*args, **kwargs)
        time.sleep(0.02)
        return value

    monkeypatch.setattr(candidate_services, "seat_state_locked", slow)


def test_last_seats_never_overbooked(monkeypatch):
    _slow_seats_left(monkeypatch)
    session = f.session(capacity=SEATS, room_obj=f.room(seats=WORKERS * 2))
    outcomes = rush(_clients(session, CLIENTS))
    active = Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES)
    assert active.count() == SEATS
    # Each one on its own seat, the lowest numbers first.
    assert sorted(active.values_list("seat_number", flat=True)) == list(range(1, SEATS + 1))
    assert outcomes.count("booked") == SEATS
    # Every other request got a clear answer: full, waiting list offered.
    assert outcomes.count("full") == CLIENTS - SEATS


def _random_free_seat(state):
    return random.choice([n for n in range(1, state.room_seats + 1) if n not in state.taken])


def test_seat_constraint_alone_stops_overbooking_at_the_room_size(monkeypatch):
    # Without the lock, in a room exactly as big as the session, the seat numbers still hold the line.
    _slow_seats_left(monkeypatch)
    monkeypatch.setattr(locking, "LOCKING_ENABLED", False)
    session = f.session(capacity=SEATS, room_obj=f.room(seats=SEATS))
    rush(_clients(session, CLIENTS // 4))
    assert Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES).count() <= SEATS


def test_control_without_lock_overbooks(monkeypatch):
    _slow_seats_left(monkeypatch)
    monkeypatch.setattr(locking, "LOCKING_ENABLED", False)
    # The one-person-per-seat constraint is a second guard: racers all pick the same lowest free seat
    # and collide. To show the capacity count's own race, seats come at random from a bigger room.
    monkeypatch.setattr(candidate_services.SeatState, "free_seat", _random_free_seat)
    session = f.session(capacity=SEATS, room_obj=f.room(seats=WORKERS * 2))
    outcomes = rush(_clients(session, CLIENTS))
    active = Booking.objects.filter(session=session, status__in=ACTIVE_STATUSES).count()
    print(
        f"control run without the lock: {active} active bookings for {SEATS} seats ({outcomes.count('booked')} booked)"
    )
    # The race the lock prevents: more active bookings than seats.
    assert active > SEATS


def test_one_candidate_double_clicking_two_sessions_gets_one_seat():
    s1 = f.session(capacity=5, days_ahead=7)
    s2 = f.session(capacity=5, days_ahead=8, room_obj=f.room(name="第二考场"))
    user = f.candidate()
    subject_id = s1.subjects.first().pk
    calls = [
        (lambda s=s: booking_create(candidate=user, session_id=s.pk, subject_id=subject_id)) for s in [s1, s2] * 15
    ]
    outcomes = rush(calls)
    assert Booking.objects.filter(candidate=user, status__in=ACTIVE_STATUSES).count() == 1
    assert outcomes.count("booked") == 1
    assert all(o.startswith("refused") for o in outcomes if o != "booked")
