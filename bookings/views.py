"""Candidate pages. Thin: forms in, one service call, a message out (BookingError text is for users)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import OperationalError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.validators import mask_id_number

from . import selectors, services
from .errors import BookingError, SessionFullError, SessionNotFoundError
from .forms import BookForm, RescheduleForm, SessionFilterForm
from .models import BookingStatus, ExamSession, WaitlistStatus
from .tickets import qr_svg, ticket_ics, ticket_pdf, ticket_url

PAGE_SIZE = 20


def busy_is_retryable(view):
    """SQLite waits 30 s for its write lock; if even that runs out, say "busy", never "database is locked"."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except OperationalError as exc:
            if "locked" not in str(exc).lower():
                raise
            messages.error(request, _("预约人数较多，系统繁忙，请稍后重试。您的操作没有生效。"))
            return redirect(
                request.path if request.method == "GET" else request.META.get("HTTP_REFERER") or "/bookings/"
            )

    return wrapper


def session_list(request):
    form = SessionFilterForm(request.GET or None)
    filters = selectors.SessionFilter()
    if form.is_bound and form.is_valid():
        filters = selectors.SessionFilter(**form.cleaned_data)
    paginator = Paginator(selectors.session_list(filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bookings/session_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def session_detail(request, pk: int):
    try:
        session = selectors.session_detail(pk)
    except ExamSession.DoesNotExist:
        raise Http404 from None
    context = {
        "session": session,
        "form": BookForm(session=session),
        "closed_reason": services.session_closed_reason(session),
        "cutoff_rule": services.change_rule_text(session),
    }
    if request.user.is_authenticated:
        context["my_entry"] = session.waitlist.filter(
            candidate=request.user, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
        ).first()
        context["my_booking"] = session.bookings.filter(
            candidate=request.user, status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN]
        ).first()
        context["offer_waitlist"] = request.GET.get("full") == "1"
    return render(request, "bookings/session_detail.html", context)


def _post_for_chosen_subject(request, pk: int, *, service, on_success):
    """Book and join-waitlist alike: ``service(candidate=, session_id=, subject_id=)`` checks the
    session (404 when unknown) and the subject under the session's lock, so this hot path reads
    nothing itself; a refusal is shown on the session page (a full session offers its waiting list),
    success goes to ``on_success(result)``."""
    raw = request.POST.get("subject", "").strip()
    if not raw.isdigit():
        messages.error(request, _("请选择本场次开考的科目。"))
        return redirect("bookings:session_detail", pk=pk)
    try:
        result = service(candidate=request.user, session_id=pk, subject_id=int(raw))
    except SessionNotFoundError:
        raise Http404(_("找不到这个场次。")) from None
    except SessionFullError as exc:
        messages.warning(request, exc.message)
        return redirect(reverse("bookings:session_detail", args=[pk]) + "?full=1#waitlist")
    except BookingError as exc:
        messages.error(request, exc.message)
        return redirect("bookings:session_detail", pk=pk)
    return on_success(result)


@login_required
@require_POST
@busy_is_retryable
def session_book(request, pk: int):
    def booked(booking):
        messages.success(request, _("预约成功！请打印准考证，考试当天携带身份证原件。"))
        return redirect("bookings:ticket", number=booking.ticket_number)

    return _post_for_chosen_subject(request, pk, service=services.booking_create, on_success=booked)


@login_required
@require_POST
@busy_is_retryable
def session_waitlist_join(request, pk: int):
    def joined(entry):
        messages.success(
            request,
            _("已加入候补名单，您排在第 %(n)d 位。有空位时我们会通知您。") % {"n": selectors.waitlist_position(entry)},
        )
        return redirect("bookings:my_bookings")

    return _post_for_chosen_subject(request, pk, service=services.waitlist_join, on_success=joined)


@login_required
def my_bookings(request):
    if request.user.exam_waitlist.filter(status=WaitlistStatus.OFFERED, hold_expires_at__lte=timezone.now()).exists():
        services.waitlist_expire_holds()
    bookings = list(selectors.bookings_for_candidate(request.user))
    entries = list(selectors.waitlist_for_candidate(request.user))
    for entry in entries:
        entry.position = selectors.waitlist_position(entry) if entry.status == WaitlistStatus.WAITING else None
    context = {
        "upcoming": [b for b in bookings if b.is_active],
        "past": [b for b in bookings if not b.is_active],
        "entries": entries,
        "notices": list(selectors.notices_for(request.user)),
        "unread_count": selectors.notices_unread_count(request.user),
        "mock_attempts": _mock_attempts(request.user),
    }
    return render(request, "bookings/my_bookings.html", context)


@login_required
@require_POST
def notices_mark_read_view(request):
    """标为已读: the notice named in the form, or every notice when none is named."""
    raw = request.POST.get("notice", "").strip()
    try:
        if raw and not raw.isdigit():
            raise BookingError(_("找不到这条消息。"))
        services.booking_notice_mark_read(recipient=request.user, notice_id=int(raw) if raw else None)
    except BookingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已标为已读。") if raw else _("全部消息已标为已读。"))
    return redirect(reverse("bookings:my_bookings") + "#notice-h")


def _mock_attempts(user):
    """Mock-exam history beside the real results, when the exams app offers it."""
    from exams import selectors as exam_selectors

    reader = getattr(exam_selectors, "mock_attempts_for", None)
    return list(reader(user)[:20]) if reader else None


@login_required
@require_POST
@busy_is_retryable
def waitlist_accept_view(request, pk: int):
    try:
        booking = services.waitlist_accept(candidate=request.user, entry_id=pk)
    except BookingError as exc:
        messages.error(request, exc.message)
        return redirect("bookings:my_bookings")
    messages.success(request, _("预约成功！请打印准考证。"))
    return redirect("bookings:ticket", number=booking.ticket_number)


@login_required
@require_POST
@busy_is_retryable
def waitlist_leave_view(request, pk: int):
    try:
        services.waitlist_leave(candidate=request.user, entry_id=pk)
    except BookingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已退出候补。"))
    return redirect("bookings:my_bookings")


def _own_ticket(request, number: str):
    booking = selectors.ticket_for(request.user, number)
    if booking is None:
        raise Http404(_("找不到这张准考证。"))
    return booking


def _usable_ticket(request, number: str):
    """The candidate's ticket while it still admits them; a cancelled (or finished) one is void."""
    booking = _own_ticket(request, number)
    if not booking.is_active:
        raise Http404(_("该预约状态为“%(status)s”，准考证已作废。") % {"status": booking.get_status_display()})
    return booking


def _seat_text(booking) -> str:
    if booking.seat_number:
        return _("%(n)d号") % {"n": booking.seat_number}
    return _("入场时由考场安排")


def ticket_lines(booking) -> list[tuple[str, str]]:
    session = booking.session
    return [
        (_("准考证号"), booking.ticket_number),
        (_("姓名"), booking.candidate.real_name),
        (_("身份证号"), mask_id_number(booking.candidate.id_number)),
        (_("考试科目"), booking.subject.name),
        (_("考点"), session.centre.name),
        (_("地址"), session.centre.address),
        (_("考场"), session.room.name),
        (_("座位号"), _seat_text(booking)),
        (_("考试日期"), f"{session.date:%Y-%m-%d}"),
        (_("考试时间"), f"{session.start_time:%H:%M}-{session.end_time:%H:%M}"),
    ]


TICKET_RULES = [
    gettext_lazy("考前30分钟凭准考证和身份证原件入场，开考15分钟后不得入场。"),
    gettext_lazy("除准考证、身份证和黑色签字笔外，其他物品一律存放在指定位置。"),
    gettext_lazy("考试期间关闭手机等通讯工具，不得交谈、抄袭或代考。"),
    gettext_lazy("违反考场纪律者，按有关规定处理，本次成绩无效。"),
]

PHOTO_MISSING = gettext_lazy("尚未上传证件照：请在“个人资料”中上传近期免冠证件照，准考证将自动显示。")


def _photo(user):
    """The candidate's ID photo file when one is on file (accounts' private ``id_photo``), else None."""
    photo = getattr(user, "id_photo", None)
    return photo if photo else None


@login_required
def ticket_detail(request, number: str):
    booking = _own_ticket(request, number)
    usable = booking.is_active
    return render(
        request,
        "bookings/ticket.html",
        {
            "booking": booking,
            "lines": ticket_lines(booking),
            "rules": TICKET_RULES,
            "usable": usable,
            "qr": qr_svg(booking.ticket_number) if usable else "",
            "has_photo": _photo(booking.candidate) is not None,
            "photo_missing": PHOTO_MISSING,
            "can_change": booking.status == BookingStatus.BOOKED
            and timezone.now() < services.change_cutoff(booking.session),
            "change_cutoff": services.change_cutoff(booking.session),
            "cutoff_rule": services.change_rule_text(booking.session),
        },
    )


@login_required
def ticket_pdf_view(request, number: str):
    booking = _usable_ticket(request, number)
    photo = _photo(booking.candidate)
    try:
        if photo is not None:
            photo.open("rb")
        content = ticket_pdf(
            booking,
            lines=ticket_lines(booking),
            rules=[str(rule) for rule in TICKET_RULES],
            url=request.build_absolute_uri(ticket_url(booking.ticket_number, base_url="")),
            photo=photo,
            photo_missing_text=str(PHOTO_MISSING),
        )
    finally:
        if photo is not None:
            photo.close()
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ticket-{booking.ticket_number}.pdf"'
    return response


@login_required
def ticket_photo(request, number: str):
    """The candidate's own ID photo for their ticket page (private storage is never served directly)."""
    booking = _usable_ticket(request, number)
    photo = _photo(booking.candidate)
    if photo is None:
        raise Http404(_("尚未上传证件照。"))
    response = FileResponse(photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def ticket_ics_view(request, number: str):
    booking = _usable_ticket(request, number)
    response = HttpResponse(ticket_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="exam-{booking.ticket_number}.ics"'
    return response


@login_required
def ticket_qr(request, number: str):
    booking = _usable_ticket(request, number)
    return HttpResponse(qr_svg(booking.ticket_number), content_type="image/svg+xml")


@login_required
@require_POST
@busy_is_retryable
def booking_cancel_view(request, number: str):
    booking = _own_ticket(request, number)
    try:
        services.booking_cancel(candidate=request.user, booking_id=booking.pk)
    except BookingError as exc:
        messages.error(request, exc.message)
        return redirect("bookings:ticket", number=number)
    messages.success(request, _("预约已取消，座位已释放。"))
    return redirect("bookings:my_bookings")


@login_required
@busy_is_retryable
def booking_reschedule_view(request, number: str):
    booking = _own_ticket(request, number)
    if booking.status != BookingStatus.BOOKED:
        messages.error(request, _("这条预约不能改约。"))
        return redirect("bookings:ticket", number=number)
    sessions = list(
        selectors.session_list(selectors.SessionFilter(subject=booking.subject))
        .exclude(pk=booking.session_id)
        .filter(seats_left__gt=0)[:50]
    )
    form = RescheduleForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.booking_reschedule(
                candidate=request.user, booking_id=booking.pk, new_session_id=form.cleaned_data["new_session"]
            )
        except BookingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("改约成功，原场次座位已释放。这是新的准考证。"))
            return redirect("bookings:ticket", number=new.ticket_number)
    return render(request, "bookings/reschedule.html", {"booking": booking, "form": form, "sessions": sessions})
