"""Exam-admin pages inside the Wagtail admin: session desk, bulk creation, check-in, results, dashboard."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.validators import mask_id_number
from edu_platform.admin import permission_required
from edu_platform.excel import workbook_write, xlsx_response

from . import selectors, services, stats
from .admin_forms import BookingStatusFilter, BulkSessionForm, CancelSessionForm, CheckInForm, ResultsImportForm
from .errors import BookingError, ResultsImportError
from .models import BookingStatus, ExamSession, SessionStatus
from .services.staff import STAFF_PERMISSION

PERMISSION = STAFF_PERMISSION


exam_admin_required = permission_required(PERMISSION)


def _render(request, template, title, context, icon="date"):
    return render(request, template, {"page_title": title, "header_title": title, "header_icon": icon, **context})


@exam_admin_required
def session_desk(request, pk: int):
    session = get_object_or_404(selectors.sessions_with_availability().select_related("centre", "room"), pk=pk)
    status_form = BookingStatusFilter(request.GET or None)
    status = status_form.cleaned_data["status"] if status_form.is_valid() else ""
    bookings = list(selectors.session_bookings(session, status or None))
    for booking in bookings:
        booking.masked_id = mask_id_number(booking.candidate.id_number)
    counts = dict.fromkeys(BookingStatus.values, 0)
    for value in session.bookings.values_list("status", flat=True):
        counts[value] += 1
    return _render(
        request,
        "bookings/admin/session_desk.html",
        str(session),
        {
            "session": session,
            "bookings": bookings,
            "status_form": status_form,
            "counts": [(label, counts[value]) for value, label in BookingStatus.choices],
            "cancel_form": CancelSessionForm(),
            "waitlist": session.waitlist.filter(status__in=["waiting", "offered"]).select_related("candidate"),
            "ended": session.starts_at <= timezone.now(),
        },
    )


@exam_admin_required
@require_POST
def session_action(request, pk: int, action: str):
    try:
        if action == "close":
            services.session_close(actor=request.user, session_id=pk)
            messages.success(request, _("已截止预约。"))
        elif action == "cancel":
            form = CancelSessionForm(request.POST)
            if not form.is_valid():
                raise BookingError(_("请填写取消原因，它会通知给每位考生。"))
            n = services.session_cancel(actor=request.user, session_id=pk, reason=form.cleaned_data["reason"])
            messages.success(request, _("场次已取消，已释放并通知 %(n)d 位考生。") % {"n": n})
        elif action == "absentees":
            n = services.sessions_mark_absentees(actor=request.user, session_id=pk)
            messages.success(request, _("已将 %(n)d 位未签到考生标记为缺考。") % {"n": n})
        else:
            raise PermissionDenied
    except BookingError as exc:
        messages.error(request, exc.message)
    return redirect("bookings_admin:session_desk", pk=pk)


@exam_admin_required
def roster_export(request, pk: int):
    session = get_object_or_404(ExamSession.objects.select_related("centre", "room"), pk=pk)
    content = workbook_write(selectors.roster_rows(session), headers=selectors.ROSTER_HEADERS, title=_("考生名单"))
    return xlsx_response(content, f"roster-{session.date:%Y%m%d}-{session.start_time:%H%M}-{session.pk}.xlsx")


@exam_admin_required
def bulk_create(request):
    form = BulkSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.sessions_bulk_create(
                actor=request.user,
                room=data["room"],
                subjects=list(data["subjects"]),
                first_date=data["first_date"],
                weeks=data["weeks"],
                weekdays=data["weekdays"],
                times=data["times"],
                capacity=data["capacity"],
                opens_days_before=data["opens_days_before"],
                closes_hours_before=data["closes_hours_before"],
                cancel_cutoff_hours=data["cancel_cutoff_hours"],
            )
        except BookingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已创建 %(n)d 个场次。") % {"n": len(result.created)})
            if result.skipped:
                messages.warning(request, _("跳过：%(list)s") % {"list": "；".join(result.skipped[:20])})
            return redirect("bookings_admin:bulk_create")
    return _render(request, "bookings/admin/bulk_create.html", _("批量创建场次"), {"form": form})


@exam_admin_required
def check_in(request):
    today = timezone.localdate()
    sessions = list(
        ExamSession.objects.filter(date=today).exclude(status=SessionStatus.CANCELLED).select_related("centre", "room")
    )
    session = None
    session_id = request.POST.get("session") or request.GET.get("session")
    if session_id and str(session_id).isdigit():
        session = (
            next((s for s in sessions if s.pk == int(session_id)), None)
            or ExamSession.objects.filter(pk=session_id).select_related("centre", "room").first()
        )
    form = CheckInForm(request.POST or None)
    result = error = None
    if request.method == "POST" and session is not None and form.is_valid():
        try:
            result = services.booking_check_in(
                actor=request.user, session_id=session.pk, code=form.cleaned_data["code"]
            )
            result.masked_id = mask_id_number(result.booking.candidate.id_number)
        except BookingError as exc:
            error = exc.message
        form = CheckInForm()  # empty and focused again for the next scan
    checked = session.bookings.filter(status=BookingStatus.CHECKED_IN).count() if session else 0
    expected = (
        session.bookings.filter(status__in=[BookingStatus.BOOKED, BookingStatus.CHECKED_IN]).count() if session else 0
    )
    return _render(
        request,
        "bookings/admin/check_in.html",
        _("考场签到"),
        {
            "sessions": sessions,
            "session": session,
            "form": form,
            "result": result,
            "error": error,
            "checked": checked,
            "expected": expected,
            "today": today,
        },
        icon="tick",
    )


@exam_admin_required
def results_import_view(request):
    form = ResultsImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            n = services.results_import(actor=request.user, content=form.cleaned_data["file"].read())
        except ResultsImportError as exc:
            errors = exc.errors
        except BookingError as exc:
            errors = [exc.message]
        else:
            messages.success(request, _("已导入 %(n)d 条成绩，考生可在“我的预约”中查看。") % {"n": n})
            return redirect("bookings_admin:results_import")
    return _render(
        request,
        "bookings/admin/results_import.html",
        _("导入考试成绩"),
        {"form": form, "errors": errors},
        icon="upload",
    )


@exam_admin_required
def dashboard(request):
    return _render(
        request,
        "bookings/admin/dashboard.html",
        _("考点预约统计"),
        {
            "fill_rates": stats.fill_rates(),
            "no_show_rates": stats.no_show_rates(),
            "upcoming": selectors.sessions_with_availability()
            .filter(date__gte=timezone.localdate())
            .select_related("centre", "room")
            .order_by("date", "start_time")[:15],
            "desk_url": reverse("bookings_admin:check_in"),
        },
        icon="table",
    )
