"""考点预约: centres, rooms, sessions, bookings, waiting list and notices.

Seats are never counted in a column: availability is capacity − active bookings − unexpired holds,
computed under the session's row lock (bookings.locking, DESIGN §6).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Town
from exams.models import ExamSubject


class ExamCentre(models.Model):
    """考点."""

    name = models.CharField(_("考点名称"), max_length=100, unique=True)
    address = models.CharField(_("地址"), max_length=200)
    town = models.ForeignKey(Town, verbose_name=_("所在乡镇"), on_delete=models.PROTECT, related_name="exam_centres")
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    directions = models.TextField(_("交通指引"), blank=True)
    accessibility_notes = models.TextField(_("无障碍设施说明"), blank=True)
    subjects = models.ManyToManyField(ExamSubject, verbose_name=_("可考科目"), blank=True, related_name="centres")
    is_active = models.BooleanField(_("启用"), default=True)
    check_in_opens_minutes = models.PositiveSmallIntegerField(
        _("签到开始（开考前分钟数）"), default=60, help_text=_("开考前多少分钟起可以签到。")
    )
    check_in_closes_minutes = models.PositiveSmallIntegerField(
        _("签到截止（开考后分钟数）"), default=30, help_text=_("开考后多少分钟内仍可签到，之后不再入场。")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("考点")
        verbose_name_plural = _("考点")

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """考场: a room of a centre with a fixed number of seats."""

    centre = models.ForeignKey(ExamCentre, verbose_name=_("考点"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("考场名称"), max_length=50)
    seats = models.PositiveIntegerField(_("座位数"))
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["centre__name", "name"]
        verbose_name = _("考场")
        verbose_name_plural = _("考场")
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="bookings_room_unique_name"),
            models.CheckConstraint(condition=Q(seats__gt=0), name="bookings_room_seats_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.centre.name} {self.name}"


class SessionStatus(models.TextChoices):
    OPEN = "open", _("开放预约")
    CLOSED = "closed", _("已截止")
    CANCELLED = "cancelled", _("已取消")


class ExamSession(models.Model):
    """场次: one sitting in one room at one time, for one or more subjects."""

    # Nothing links to these rows from content; skip Wagtail's reference index on every booking write.
    wagtail_reference_index_ignore = True

    centre = models.ForeignKey(ExamCentre, verbose_name=_("考点"), on_delete=models.PROTECT, related_name="sessions")
    room = models.ForeignKey(Room, verbose_name=_("考场"), on_delete=models.PROTECT, related_name="sessions")
    subjects = models.ManyToManyField(ExamSubject, verbose_name=_("考试科目"), related_name="exam_sessions")
    date = models.DateField(_("考试日期"))
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("可预约座位数"))
    booking_opens_at = models.DateTimeField(_("开始预约时间"))
    booking_closes_at = models.DateTimeField(_("截止预约时间"))
    cancel_cutoff_hours = models.PositiveSmallIntegerField(
        _("取消截止（考前小时数）"), default=24, help_text=_("考前多少小时内不能再取消或改约。")
    )
    status = models.CharField(_("状态"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.OPEN)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        ordering = ["date", "start_time", "centre__name"]
        verbose_name = _("场次")
        verbose_name_plural = _("场次")
        indexes = [models.Index(fields=["date", "status"], name="bookings_session_date_status")]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="bookings_session_capacity_positive"),
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="bookings_session_times"),
            models.CheckConstraint(
                condition=Q(booking_closes_at__gt=models.F("booking_opens_at")), name="bookings_session_window"
            ),
            models.UniqueConstraint(fields=["room", "date", "start_time"], name="bookings_session_unique_room_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.centre.name} {self.room.name} {self.date:%Y-%m-%d} {self.start_time:%H:%M}"

    @property
    def starts_at(self):
        from .timeutil import local_datetime

        return local_datetime(self.date, self.start_time)

    @property
    def ends_at(self):
        from .timeutil import local_datetime

        return local_datetime(self.date, self.end_time)


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("已预约")
    CANCELLED = "cancelled", _("已取消")
    CHECKED_IN = "checked_in", _("已签到")
    ABSENT = "absent", _("缺考")
    COMPLETED = "completed", _("已出成绩")


# A seat is taken while a booking is in one of these states.
ACTIVE_STATUSES = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN)


class Booking(models.Model):
    """预约: a candidate's seat in a session for one subject; the ticket number is the 准考证号."""

    # Nothing links to these rows from content; skip Wagtail's reference index on every booking write.
    wagtail_reference_index_ignore = True

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("考生"), on_delete=models.PROTECT, related_name="exam_bookings"
    )
    session = models.ForeignKey(ExamSession, verbose_name=_("场次"), on_delete=models.PROTECT, related_name="bookings")
    subject = models.ForeignKey(ExamSubject, verbose_name=_("考试科目"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    ticket_number = models.CharField(_("准考证号"), max_length=20, unique=True)
    # 座位号 in the session's room (1..room.seats), the lowest free one at booking time.
    seat_number = models.PositiveSmallIntegerField(_("座位号"), null=True, blank=True)
    created_at = models.DateTimeField(_("预约时间"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    score = models.DecimalField(_("成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    practical_score = models.DecimalField(_("实操成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(_("是否合格"), null=True, blank=True)
    result_recorded_at = models.DateTimeField(_("成绩录入时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        constraints = [
            # Nobody holds two seats in one subject, whatever races happen above this line.
            models.UniqueConstraint(
                fields=["candidate", "subject"],
                condition=Q(status__in=["booked", "checked_in"]),
                name="bookings_one_active_per_subject",
            ),
            models.UniqueConstraint(
                fields=["candidate", "session"],
                condition=Q(status__in=["booked", "checked_in"]),
                name="bookings_one_active_per_session",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0), name="bookings_booking_score_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(practical_score__isnull=True) | Q(practical_score__gte=0),
                name="bookings_booking_practical_nonnegative",
            ),
            # Two active candidates never sit on one seat of a session (a cancelled booking frees it).
            models.UniqueConstraint(
                fields=["session", "seat_number"],
                condition=Q(status__in=["booked", "checked_in"]),
                name="bookings_one_active_per_seat",
            ),
            models.CheckConstraint(
                condition=Q(seat_number__isnull=True) | Q(seat_number__gt=0), name="bookings_booking_seat_positive"
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="bookings_booking_session_st")]

    def __str__(self) -> str:
        return self.ticket_number

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("候补中")
    OFFERED = "offered", _("已为您保留座位")
    ACCEPTED = "accepted", _("已转为预约")
    EXPIRED = "expired", _("保留已过期")
    CANCELLED = "cancelled", _("已退出候补")


class WaitlistEntry(models.Model):
    """候补: a place in the queue for a full session; an offer holds a seat until ``hold_expires_at``."""

    session = models.ForeignKey(ExamSession, verbose_name=_("场次"), on_delete=models.CASCADE, related_name="waitlist")
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("考生"), on_delete=models.CASCADE, related_name="exam_waitlist"
    )
    subject = models.ForeignKey(ExamSubject, verbose_name=_("考试科目"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=16, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING)
    created_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    offered_at = models.DateTimeField(_("保留开始"), null=True, blank=True)
    hold_expires_at = models.DateTimeField(_("保留截止"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("候补")
        verbose_name_plural = _("候补")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "candidate"],
                condition=Q(status__in=["waiting", "offered"]),
                name="bookings_waitlist_one_open_per_session",
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(hold_expires_at__isnull=False),
                name="bookings_waitlist_offer_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.candidate}"


class BookingNotice(models.Model):
    """A message in the candidate's account (我的预约), next to the e-mail that says the same."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="booking_notices"
    )
    subject_line = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("预约通知")
        verbose_name_plural = _("预约通知")

    def __str__(self) -> str:
        return self.subject_line
