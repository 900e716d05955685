from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import PersonCategory, User
from accounts.services import user_is_enterprise_admin

from . import selectors
from .forms import BulkEnrolForm, CourseFilterForm
from .models import Certificate, Course, Enrolment, Lesson
from .services import (
    CourseError,
    certificate_issue,
    enrolment_bulk_create,
    enrolment_create,
    heartbeat_seconds,
    lesson_complete,
    lesson_heartbeat,
    lesson_start,
    min_study_seconds,
)


def course_list(request):
    form = CourseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = list(
        selectors.course_list(
            person_category=filters.get("person_category", ""), training_type=filters.get("training_type", "")
        )
    )
    for course in courses:
        course.total_hours = selectors.minutes_to_hours(course.total_minutes)
    return render(
        request,
        "courses/course_list.html",
        {"form": form, "courses": courses, "is_enterprise_admin": user_is_enterprise_admin(request.user)},
    )


def _published_course_or_404(pk: int) -> Course:
    try:
        return selectors.published_course(pk)
    except Course.DoesNotExist:
        raise Http404(_("课程不存在或未发布。")) from None


def course_detail(request, pk: int):
    course = _published_course_or_404(pk)
    lessons = list(course.lessons.all())
    enrolment = selectors.enrolment_for(request.user, course)
    progress = selectors.progress_by_lesson(request.user, course) if enrolment else {}
    total_minutes = sum(lesson.minutes for lesson in lessons)
    done_minutes = 0
    for lesson in lessons:
        lesson.user_progress = progress.get(lesson.pk)
        if lesson.user_progress and lesson.user_progress.completed_at:
            done_minutes += lesson.minutes
    done_count = sum(1 for p in progress.values() if p.completed_at)
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "lessons": lessons,
            "enrolment": enrolment,
            "total_hours": selectors.minutes_to_hours(total_minutes),
            "done_hours": selectors.minutes_to_hours(done_minutes),
            "done_count": done_count,
            "percent": selectors.percent(done_count, len(lessons)),
            "certificate": getattr(enrolment, "certificate", None) if enrolment else None,
        },
    )


@login_required
@require_POST
def course_enrol(request, pk: int):
    course = _published_course_or_404(pk)
    try:
        enrolment_create(user=request.user, course=course)
    except CourseError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("报名成功，可以开始学习了。"))
    return redirect("courses:detail", pk=course.pk)


def _lesson_for_learner(request, course_pk: int, lesson_pk: int) -> Lesson:
    lesson = get_object_or_404(
        Lesson.objects.select_related("course"), pk=lesson_pk, course_id=course_pk, course__is_published=True
    )
    return lesson


@login_required
def lesson_detail(request, course_pk: int, lesson_pk: int):
    lesson = _lesson_for_learner(request, course_pk, lesson_pk)
    try:
        progress = lesson_start(user=request.user, lesson=lesson)
    except CourseError as error:
        messages.error(request, error.message)
        return redirect("courses:detail", pk=course_pk)
    siblings = list(Lesson.objects.filter(course_id=course_pk).only("pk", "title", "sort_order"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk)
    remaining = max(0, min_study_seconds(lesson) - progress.active_seconds)
    return render(
        request,
        "courses/lesson_detail.html",
        {
            "course": lesson.course,
            "lesson": lesson,
            "progress": progress,
            "position": index + 1,
            "lesson_total": len(siblings),
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
            "min_minutes": -(-min_study_seconds(lesson) // 60),
            "remaining_seconds": remaining,
            "remaining_minutes": -(-remaining // 60),
            "active_minutes": progress.active_seconds // 60,
            "heartbeat_seconds": heartbeat_seconds(),
        },
    )


def _study_state(lesson: Lesson, progress) -> dict:
    remaining = max(0, min_study_seconds(lesson) - progress.active_seconds)
    return {
        "active_seconds": progress.active_seconds,
        "active_minutes": progress.active_seconds // 60,
        "remaining_seconds": remaining,
        "remaining_minutes": -(-remaining // 60),
        "completed": progress.completed_at is not None,
    }


@require_POST
def lesson_heartbeat_view(request, course_pk: int, lesson_pk: int):
    """The lesson page's presence report (JSON). Not login_required: a script wants a 403, not a login page."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("请先登录。")}, status=403)
    lesson = _lesson_for_learner(request, course_pk, lesson_pk)
    try:
        progress = lesson_heartbeat(user=request.user, lesson=lesson)
    except CourseError as error:
        return JsonResponse({"error": error.message}, status=400)
    return JsonResponse(_study_state(lesson, progress))


@login_required
@require_POST
def lesson_complete_view(request, course_pk: int, lesson_pk: int):
    lesson = _lesson_for_learner(request, course_pk, lesson_pk)
    try:
        lesson_complete(user=request.user, lesson=lesson)
    except CourseError as error:
        messages.error(request, error.message)
        return redirect("courses:lesson", course_pk=course_pk, lesson_pk=lesson.pk)
    messages.success(request, _("已完成课时「%(title)s」。") % {"title": lesson.title})
    next_lesson = (
        Lesson.objects.filter(course_id=course_pk, sort_order__gt=lesson.sort_order).only("pk").first()
        if lesson.sort_order is not None
        else None
    )
    if next_lesson is not None:
        return redirect("courses:lesson", course_pk=course_pk, lesson_pk=next_lesson.pk)
    return redirect("courses:detail", pk=course_pk)


@login_required
def my_learning(request):
    year = timezone.localdate().year
    enrolments = list(selectors.my_enrolments(request.user))
    for enrolment in enrolments:
        enrolment.done_hours = selectors.minutes_to_hours(enrolment.done_minutes)
        enrolment.total_hours = selectors.minutes_to_hours(enrolment.total_minutes)
        enrolment.percent = selectors.percent(enrolment.done_count, enrolment.lesson_count)
    return render(
        request,
        "courses/my_learning.html",
        {
            "enrolments": enrolments,
            "year": year,
            "year_hours": selectors.minutes_to_hours(selectors.training_minutes(request.user, year=year)),
            "requirement": selectors.training_requirement(request.user),
            "is_enterprise_admin": user_is_enterprise_admin(request.user),
        },
    )


@login_required
@require_POST
def certificate_claim(request, pk: int):
    enrolment = get_object_or_404(Enrolment, user=request.user, course_id=pk)
    try:
        certificate_issue(enrolment=enrolment)
    except CourseError as error:
        messages.error(request, error.message)
        return redirect("courses:detail", pk=pk)
    return redirect("courses:certificate", pk=pk)


@login_required
def certificate_detail(request, pk: int):
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__course", "enrolment__user"),
        enrolment__user=request.user,
        enrolment__course_id=pk,
    )
    course = certificate.enrolment.course
    return render(
        request,
        "courses/certificate.html",
        {
            "certificate": certificate,
            "course": course,
            "learner": certificate.enrolment.user,
            "hours": selectors.minutes_to_hours(selectors.training_minutes(request.user, course=course)),
        },
    )


def _enterprise_admin_or_403(user: User):
    if not user_is_enterprise_admin(user):
        raise PermissionDenied(_("只有企业安全管理员可以查看本单位员工的培训情况。"))
    return user.enterprise


@login_required
def enterprise_overview(request):
    enterprise = _enterprise_admin_or_403(request.user)
    if request.method == "POST":
        own_ids = {str(pk) for pk in User.objects.filter(enterprise=enterprise).values_list("pk", flat=True)}
        if any(pk not in own_ids for pk in request.POST.getlist("staff")):
            raise PermissionDenied(_("只能为本单位的员工报名。"))
        form = BulkEnrolForm(request.POST, enterprise=enterprise)
        if form.is_valid():
            try:
                created = enrolment_bulk_create(
                    actor=request.user, course=form.cleaned_data["course"], users=form.cleaned_data["staff"]
                )
            except CourseError as error:
                form.add_error(None, error.message)
            else:
                chosen = len(form.cleaned_data["staff"])
                messages.success(
                    request,
                    _("已为 %(created)d 名员工报名「%(course)s」；%(skipped)d 名此前已报名。")
                    % {"created": created, "course": form.cleaned_data["course"], "skipped": chosen - created},
                )
                return redirect("courses:enterprise")
    else:
        form = BulkEnrolForm(enterprise=enterprise)
    rows = selectors.enterprise_staff_hours(enterprise)
    groups = []
    for value, label in PersonCategory.choices:
        members = [row for row in rows if row.user.person_category == value]
        if members:
            required = [row for row in members if row.requirement.required_hours]
            groups.append(
                {
                    "label": label,
                    "members": members,
                    "required": len(required),
                    "met": sum(1 for row in required if row.requirement.met),
                }
            )
    return render(
        request,
        "courses/enterprise.html",
        {
            "enterprise": enterprise,
            "today": timezone.localdate(),
            "groups": groups,
            "form": form,
            "staff_count": len(rows),
        },
    )
