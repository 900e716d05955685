"""Load-test volumes for bookings (``seed_loadtest``): one exam centre with rooms and ``sessions``
open sessions of the load-test subject, two a day per room from next week on.

Idempotent: the centre and rooms are matched by name; only the sessions still missing are added
(after the last one), so running it again adds nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import Town

from .models import ExamCentre, ExamSession, Room

CENTRE_NAME = "云梦县安全生产考试中心（压测）"
ROOMS = 5
SEATS = 40
SLOTS = ((datetime.time(9, 0), datetime.time(11, 0)), (datetime.time(14, 0), datetime.time(16, 0)))


def seed(*, sessions: int, subject, stdout=None) -> ExamCentre:
    town = Town.objects.order_by("pk").first() or Town.objects.create(name="城关镇", code="chengguan")
    centre, _created = ExamCentre.objects.get_or_create(name=CENTRE_NAME, defaults={"address": "城关镇", "town": town})
    centre.subjects.add(subject)
    rooms = [
        Room.objects.get_or_create(centre=centre, name=f"压测考场{i}", defaults={"seats": SEATS})[0]
        for i in range(1, ROOMS + 1)
    ]
    have = ExamSession.objects.filter(centre=centre).count()
    last = ExamSession.objects.filter(centre=centre).order_by("-date").values_list("date", flat=True).first()
    day = (last + datetime.timedelta(days=1)) if last else timezone.localdate() + datetime.timedelta(days=7)
    now = timezone.now()
    new: list[ExamSession] = []
    while have + len(new) < sessions:
        for room in rooms:
            for start, end in SLOTS:
                if have + len(new) >= sessions:
                    break
                new.append(
                    ExamSession(
                        centre=centre,
                        room=room,
                        date=day,
                        start_time=start,
                        end_time=end,
                        capacity=SEATS,
                        booking_opens_at=now - datetime.timedelta(days=1),
                        booking_closes_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0)))
                        - datetime.timedelta(days=1),
                    )
                )
        day += datetime.timedelta(days=1)
    ExamSession.objects.bulk_create(new, batch_size=500)
    if new:
        through = ExamSession.subjects.through
        created = ExamSession.objects.filter(centre=centre).exclude(subjects=subject).values_list("pk", flat=True)
        through.objects.bulk_create([through(examsession_id=pk, examsubject_id=subject.pk) for pk in created])
    if stdout:
        total = ExamSession.objects.filter(centre=centre).count()
        stdout.write(f"  bookings: 压测考点 {total} 个场次（新建 {len(new)}）")
    return centre
