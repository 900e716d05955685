"""Mock exam pages: subject list, start/resume, one question per screen, submit, result, history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from exams.errors import ExamError
from exams.models import AttemptStatus, ExamSubject, QuestionType
from exams.selectors import (
    attempt_for_user,
    attempt_item_for_user,
    attempt_navigator,
    attempt_result,
    display_options,
    mock_attempts_for,
    mock_subjects_for,
)
from exams.services.attempts import (
    AnswerInvalidError,
    AttemptClosedError,
    AttemptNotFoundError,
    attempt_answer_save,
    attempt_close_expired,
    attempt_start,
    attempt_submit,
    canonical_to_display,
)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _open_attempt_or_404(request, attempt_id: int):
    """The user's attempt, after closing any of theirs whose deadline has passed (close on access)."""
    attempt_close_expired(user=request.user)
    attempt = attempt_for_user(request.user, attempt_id)
    if attempt is None:
        raise Http404(_("找不到这份答卷。"))
    return attempt


@login_required
def index(request):
    subjects = mock_subjects_for(request.user)
    recent = list(mock_attempts_for(request.user)[:5])
    return render(request, "exams/index.html", {"subjects": subjects, "recent": recent})


@login_required
@require_POST
def mock_start(request, subject_code: str):
    subject = get_object_or_404(ExamSubject, code=subject_code, is_active=True)
    try:
        attempt = attempt_start(user=request.user, subject=subject)
    except ExamError as error:
        messages.error(request, error.message)
        return redirect("exams:index")
    return redirect("exams:attempt", attempt_id=attempt.pk)


@login_required
@never_cache
def attempt_resume(request, attempt_id: int):
    """Where a candidate lands after a reload, a crash or in another tab: the first empty question."""
    attempt = _open_attempt_or_404(request, attempt_id)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return redirect("exams:attempt_result", attempt_id=attempt.pk)
    navigator = attempt_navigator(attempt)
    position = next((entry.position for entry in navigator if not entry.answered), 1)
    return redirect("exams:attempt_question", attempt_id=attempt.pk, position=position)


def _error_page(request, attempt, message: str, status: int):
    return render(request, "exams/attempt_error.html", {"attempt": attempt, "message": message}, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def attempt_question(request, attempt_id: int, position: int):
    if request.method == "POST":
        return _attempt_answer_post(request, attempt_id, position)
    # The hot path: one read for the item with its attempt; the rare cases (another's attempt, a
    # position not in the paper, a closed or just-expired attempt) take the slower road.
    item = attempt_item_for_user(request.user, attempt_id, position)
    if item is None:
        _open_attempt_or_404(request, attempt_id)
        raise Http404(_("这份答卷没有第 %(n)d 题。") % {"n": position})
    attempt = item.attempt
    now = timezone.now()
    if attempt.status == AttemptStatus.IN_PROGRESS and attempt.deadline <= now:
        attempt_close_expired(user=request.user, now=now)  # close on access (DESIGN §6)
        return redirect("exams:attempt_result", attempt_id=attempt.pk)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return redirect("exams:attempt_result", attempt_id=attempt.pk)
    navigator = attempt_navigator(attempt)
    remaining = max(0, int((attempt.deadline - now).total_seconds()))
    context = {
        "attempt": attempt,
        "item": item,
        "options": display_options(item, item.option_order),
        "selected": set(canonical_to_display(item.answer, item.option_order)),
        "is_multiple": item.question_type == QuestionType.MULTIPLE,
        "navigator": navigator,
        "total": len(navigator),
        "answered_count": sum(1 for entry in navigator if entry.answered),
        "previous_position": position - 1 if position > 1 else None,
        "next_position": position + 1 if position < len(navigator) else None,
        "remaining_seconds": remaining,
    }
    return render(request, "exams/attempt_question.html", context)


def _attempt_answer_post(request, attempt_id: int, position: int):
    """Save one answer (no JS: then redirect where the pressed button says; with JS: JSON)."""
    letters = "".join(request.POST.getlist("answer"))
    flagged = request.POST.get("flagged") == "1"
    try:
        item = attempt_answer_save(
            user=request.user,
            attempt_id=attempt_id,
            position=position,
            answer_display_letters=letters,
            flagged=flagged,
        )
    except AttemptNotFoundError as error:
        if _wants_json(request):
            return JsonResponse({"saved": False, "error": error.message}, status=404)
        raise Http404(error.message) from error
    except (AttemptClosedError, AnswerInvalidError) as error:
        status = 409 if isinstance(error, AttemptClosedError) else 400
        if _wants_json(request):
            payload = {"saved": False, "error": error.message, "closed": status == 409}
            if status == 409:
                payload["result_url"] = reverse("exams:attempt_result", kwargs={"attempt_id": attempt_id})
            return JsonResponse(payload, status=status)
        return _error_page(request, attempt_for_user(request.user, attempt_id), error.message, status)
    if _wants_json(request):
        return JsonResponse(
            {"saved": True, "position": position, "answered": bool(item.answer), "flagged": item.flagged}
        )
    go = request.POST.get("go", "next")
    if go == "submit":
        return redirect("exams:attempt_submit", attempt_id=attempt_id)
    if go == "prev":
        target = max(1, position - 1)
    elif go == "next":
        target = position + 1
    elif go.isdigit():
        target = int(go)
    else:
        target = position
    url = reverse("exams:attempt_question", kwargs={"attempt_id": attempt_id, "position": max(1, target)})
    if go == "next" and request.POST.get("last") == "1":
        url = reverse("exams:attempt_submit", kwargs={"attempt_id": attempt_id})
    return HttpResponseRedirect(url)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def attempt_submit_view(request, attempt_id: int):
    attempt = _open_attempt_or_404(request, attempt_id)
    if request.method == "POST":
        try:
            attempt_submit(user=request.user, attempt_id=attempt.pk)
        except ExamError as error:
            return _error_page(request, attempt, error.message, 404)
        return redirect("exams:attempt_result", attempt_id=attempt.pk)
    if attempt.status != AttemptStatus.IN_PROGRESS:
        return redirect("exams:attempt_result", attempt_id=attempt.pk)
    navigator = attempt_navigator(attempt)
    context = {
        "attempt": attempt,
        "navigator": navigator,
        "total": len(navigator),
        "unanswered": [entry.position for entry in navigator if not entry.answered],
        "flagged": [entry.position for entry in navigator if entry.flagged],
        "remaining_seconds": max(0, int((attempt.deadline - timezone.now()).total_seconds())),
    }
    return render(request, "exams/attempt_submit.html", context)


@login_required
@never_cache
def attempt_result_view(request, attempt_id: int):
    attempt = _open_attempt_or_404(request, attempt_id)
    if attempt.status == AttemptStatus.IN_PROGRESS:
        return redirect("exams:attempt", attempt_id=attempt.pk)
    return render(request, "exams/attempt_result.html", {"result": attempt_result(attempt), "attempt": attempt})


@login_required
def history(request):
    attempt_close_expired(user=request.user)
    attempts = list(mock_attempts_for(request.user)[:50])
    # Short labels (the chart's label column is narrow); the table below names the subject.
    chart_rows = [(f"{timezone.localtime(a.finished_at):%m-%d %H:%M}", a.score) for a in reversed(attempts[:20])]
    return render(request, "exams/history.html", {"attempts": attempts, "chart_rows": chart_rows})
