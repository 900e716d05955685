"""Practice pages (/exams/practice/): banks, progress per chapter, the practice modes."""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from exams.errors import ExamError
from exams.models import Chapter, QuestionBank, QuestionType
from exams.selectors import (
    PRACTICE_MODES,
    display_options,
    favourite_count,
    practice_banks,
    practice_feedback_last,
    practice_progress,
    practice_question,
    practice_question_ids,
    wrong_book_count,
)
from exams.services.practice import favourite_set, practice_answer, wrong_book_clear_streak

MODE_LABELS = {
    "sequential": gettext_lazy("顺序练习"),
    "random": gettext_lazy("随机练习"),
    "chapter": gettext_lazy("章节练习"),
    "wrong": gettext_lazy("错题本"),
    "favourites": gettext_lazy("我的收藏"),
}

_random = secrets.SystemRandom()


def _bank_or_404(bank_code: str) -> QuestionBank:
    return get_object_or_404(QuestionBank, code=bank_code, is_active=True)


@login_required
def practice_index(request):
    return render(request, "exams/practice/index.html", {"banks": practice_banks()})


@login_required
def practice_bank(request, bank_code: str):
    bank = _bank_or_404(bank_code)
    context = {
        "bank": bank,
        "progress": practice_progress(request.user, bank),
        "wrong_count": wrong_book_count(request.user, bank),
        "favourite_count": favourite_count(request.user, bank),
        "clear_streak": wrong_book_clear_streak(),
    }
    return render(request, "exams/practice/bank.html", context)


def _index_param(raw) -> int:
    try:
        return max(0, int(raw))
    except (TypeError, ValueError):
        return 0


@login_required
@require_http_methods(["GET", "POST"])
def practice_question_view(request, bank_code: str, mode: str):
    if mode not in PRACTICE_MODES:
        raise Http404(_("没有这种练习方式。"))
    bank = _bank_or_404(bank_code)
    chapter = None
    chapter_id = request.GET.get("chapter") or request.POST.get("chapter")
    if chapter_id:
        chapter = get_object_or_404(Chapter, pk=_index_param(chapter_id), bank=bank)
    elif mode == "chapter":
        return redirect("exams:practice_bank", bank_code=bank.code)
    data = request.POST if request.method == "POST" else request.GET
    index = _index_param(data.get("i"))
    query = {"chapter": chapter.pk} if chapter else {}
    here = reverse("exams:practice_question", kwargs={"bank_code": bank.code, "mode": mode})
    error = None
    question_id = None
    if request.method == "POST":
        question_id = _index_param(request.POST.get("question"))
        try:
            practice_answer(
                user=request.user, question_id=question_id, answer_letters="".join(request.POST.getlist("answer"))
            )
        except ExamError as exc:
            error = exc.message
        else:
            # Post/redirect/get: the feedback page is rebuilt from the stored answer, so a reload shows
            # the same notes and never sends the answer twice (which would count it twice).
            return redirect(f"{here}?{urlencode({**query, 'i': index, 'shown': question_id})}")
    elif request.GET.get("shown") or request.GET.get("q"):
        # A given question as a URL (the answer and the favourite toggle return here); with ``shown``
        # in its feedback state: the learner's stored last answer, verdict and explanation.
        question_id = _index_param(request.GET.get("shown") or request.GET.get("q"))
    ids = practice_question_ids(request.user, bank, mode, chapter)
    if question_id is None:
        if mode == "random":
            question_id = _random.choice(ids) if ids else None
        else:
            question_id = ids[index] if index < len(ids) else None
    question = practice_question(question_id, request.user) if question_id else None
    if question is None or question.bank_id != bank.pk:
        context = {"bank": bank, "mode": mode, "mode_label": MODE_LABELS[mode], "chapter": chapter}
        return render(request, "exams/practice/done.html", context)
    feedback = (
        practice_feedback_last(request.user, question) if request.method == "GET" and request.GET.get("shown") else None
    )
    # The question has just left the list it came from (cleared from the wrong-answer book,
    # unfavourited): the next one moved up to this index, and the count still includes this one.
    gone = mode != "random" and question.pk not in set(ids)
    next_index = index if gone else index + 1
    if feedback:
        # Where the favourite toggle returns: this feedback, not a fresh (unanswered) question.
        return_url = f"{here}?{urlencode({**query, 'i': index, 'shown': question.pk})}"
    else:
        return_url = f"{here}?{urlencode({**query, 'i': index, 'q': question.pk})}"
    context = {
        "bank": bank,
        "mode": mode,
        "mode_label": MODE_LABELS[mode],
        "chapter": chapter,
        "question": question,
        "options": display_options(question, []),
        "is_multiple": question.type == QuestionType.MULTIPLE,
        "index": index,
        "total": len(ids) + int(gone),
        "feedback": feedback,
        "error": error,
        "selected": set(feedback.answer) if feedback else set(request.POST.getlist("answer")),
        "next_index": next_index,
        "query": query,
        "return_url": return_url,
        "clear_streak": wrong_book_clear_streak(),
    }
    return render(request, "exams/practice/question.html", context, status=400 if error else 200)


@login_required
@require_POST
def practice_favourite(request):
    favourite = request.POST.get("favourite") == "1"
    try:
        favourite_set(user=request.user, question_id=_index_param(request.POST.get("question")), favourite=favourite)
    except ExamError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已加入收藏。") if favourite else _("已取消收藏。"))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("exams:practice_index")
    return redirect(next_url)
