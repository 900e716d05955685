"""Demo exam centres, rooms and sessions over the coming weeks (``python manage.py seed_demo``); idempotent."""

import contextlib
import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import PersonCategory, Town, User
from exams.models import ExamSubject

from .errors import BookingError
from .models import Booking, BookingStatus, ExamCentre, ExamSession, Room, SessionStatus
from .services import booking_create, sessions_bulk_create
from .tickets import ticket_number_new
from .timeutil import local_datetime

SUBJECTS = [
    ("low-voltage-electrician", "低压电工作业", PersonCategory.SPECIAL_OPERATOR, "电工作业"),
    ("welding", "熔化焊接与热切割作业", PersonCategory.SPECIAL_OPERATOR, "焊接与热切割作业"),
    ("hazchem-principal", "危险化学品生产单位主要负责人", PersonCategory.PRINCIPAL, "危险化学品"),
    ("hazchem-safety-manager", "危险化学品生产单位安全生产管理人员", PersonCategory.SAFETY_MANAGER, "危险化学品"),
]

CENTRES = [
    {
        "name": "云梦县安全生产考试中心",
        "town": "chengguan",
        "address": "云梦县城关镇梦泽大道东段应急管理局大楼3楼",
        "contact_phone": "0712-4321000",
        "opening_hours": "周一至周五 8:30-12:00，14:30-17:30",
        "directions": "乘坐县城1路、3路公交车至“应急管理局”站下车，向东步行100米。院内设有停车位。",
        "accessibility_notes": "大楼设无障碍坡道和电梯，考场在3楼；需要协助的考生请提前一天致电考点。",
        "rooms": [("第一考场（机考）", 40), ("第二考场（机考）", 30)],
        "subjects": ["low-voltage-electrician", "welding", "hazchem-principal", "hazchem-safety-manager"],
    },
    {
        "name": "云梦经济开发区安全培训考试点",
        "town": "kaifaqu",
        "address": "云梦经济开发区梦泽大道88号开发区服务中心2楼",
        "contact_phone": "0712-4329000",
        "opening_hours": "周二、周四 8:30-17:00",
        "directions": "开发区服务中心正门进入，左转乘电梯至2楼。",
        "accessibility_notes": "一楼入口有坡道，电梯可达考场。",
        "rooms": [("机考室", 24)],
        "subjects": ["hazchem-principal", "hazchem-safety-manager", "welding"],
    },
]


def _actor() -> User:
    user, _ = User.objects.get_or_create(
        username="demo_exam_admin", defaults={"email": "demo_exam_admin@demo.yunmeng.gov.cn", "is_staff": True}
    )
    user.groups.add(Group.objects.get(name="考务管理员"))
    return User.objects.get(pk=user.pk)  # fresh permission cache


def seed(stdout) -> None:
    subjects = {}
    for code, name, category, field in SUBJECTS:
        subjects[code], _ = ExamSubject.objects.get_or_create(
            code=code, defaults={"name": name, "person_category": category, "field": field}
        )
    actor = _actor()
    today = timezone.localdate()
    created = 0
    for spec in CENTRES:
        centre, _ = ExamCentre.objects.update_or_create(
            name=spec["name"],
            defaults={
                "town": Town.objects.get(code=spec["town"]),
                **{
                    k: spec[k]
                    for k in ("address", "contact_phone", "opening_hours", "directions", "accessibility_notes")
                },
            },
        )
        centre.subjects.add(*(subjects[c] for c in spec["subjects"]))
        for index, (room_name, seats) in enumerate(spec["rooms"]):
            room, _ = Room.objects.update_or_create(centre=centre, name=room_name, defaults={"seats": seats})
            room_subjects = [subjects[c] for c in spec["subjects"]]
            # Tue/Thu in the main room, Wed in the second, for the next six weeks; re-runs skip taken slots.
            weekdays = [1, 3] if index == 0 else [2]
            subject_sets = (
                [room_subjects[:2], room_subjects[2:]] if index == 0 and len(room_subjects) > 2 else [room_subjects]
            )
            times = [(datetime.time(9), datetime.time(11)), (datetime.time(14, 30), datetime.time(16, 30))]
            for slot, subject_set in zip(times, subject_sets * 2, strict=False):
                result = sessions_bulk_create(
                    actor=actor,
                    room=room,
                    subjects=subject_set,
                    first_date=today + datetime.timedelta(days=2),
                    weeks=6,
                    weekdays=weekdays,
                    times=[slot],
                    opens_days_before=60,
                )
                created += len(result.created)
    _seed_history(subjects, today)
    _seed_learner_booking(subjects)
    stdout.write(f"bookings: {ExamCentre.objects.count()} 个考点，新建场次 {created} 个。\n")


def _seed_history(subjects, today) -> None:
    """One session last week with a result and an absentee, so the dashboard and 我的预约 show something."""
    room = Room.objects.filter(centre__name=CENTRES[0]["name"]).order_by("name").first()
    day = today - datetime.timedelta(days=7)
    start, end = datetime.time(9), datetime.time(11)
    session, made = ExamSession.objects.get_or_create(
        room=room,
        date=day,
        start_time=start,
        defaults={
            "centre": room.centre,
            "end_time": end,
            "capacity": room.seats,
            "booking_opens_at": local_datetime(day, start) - datetime.timedelta(days=30),
            "booking_closes_at": local_datetime(day, start) - datetime.timedelta(days=1),
            "status": SessionStatus.CLOSED,
        },
    )
    session.subjects.add(subjects["low-voltage-electrician"], subjects["hazchem-safety-manager"])
    if not made:
        return
    history = [
        ("demo_learner", "low-voltage-electrician", BookingStatus.COMPLETED, 72, False),
        ("demo_learner2", "hazchem-safety-manager", BookingStatus.ABSENT, None, None),
    ]
    for username, code, status, score, passed in history:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        # Past sittings cannot be booked through the service (it refuses the past), so they are written here.
        Booking.objects.create(
            candidate=user,
            session=session,
            subject=subjects[code],
            status=status,
            ticket_number=ticket_number_new(session),
            score=score,
            passed=passed,
            checked_in_at=local_datetime(day, start) if status == BookingStatus.COMPLETED else None,
            result_recorded_at=timezone.now() if score is not None else None,
        )


def _seed_learner_booking(subjects) -> None:
    """demo_learner failed last week and books the one 补考 (re-sit) in a coming low-voltage session."""
    user = User.objects.filter(username="demo_learner").first()
    subject = subjects["low-voltage-electrician"]
    if user is None or Booking.objects.filter(candidate=user, subject=subject, status=BookingStatus.BOOKED).exists():
        return
    session = (
        ExamSession.objects.filter(
            subjects=subject, status=SessionStatus.OPEN, date__gt=timezone.localdate() + datetime.timedelta(days=3)
        )
        .order_by("date", "start_time")
        .first()
    )
    if session is None:
        return
    # The demo profile may be incomplete; the demo still works without this booking.
    with contextlib.suppress(BookingError):
        booking_create(candidate=user, session_id=session.pk, subject_id=subject.pk)
