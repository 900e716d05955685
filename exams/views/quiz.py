"""The public knowledge quiz: no login, nothing stored, cache-friendly (the POST needs no CSRF token)."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from edu_platform.ratelimit import client_fingerprint, rate_limit_hit
from exams.errors import ExamError
from exams.selectors import display_options
from exams.services.quiz import quiz_bank_get, quiz_count_clean, quiz_draw, quiz_grade

QUIZ_POSTS_PER_WINDOW = 20
QUIZ_WINDOW_SECONDS = 600


# Anonymous and state-free: a forged POST can do nothing but grade a quiz, and campaign pages that
# link here stay cacheable without per-visitor tokens.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def quiz(request, bank_code: str):
    bank = quiz_bank_get(bank_code)
    if bank is None:
        raise Http404(_("没有这个公众知识竞答题库。"))
    if request.method == "POST":
        return _quiz_post(request, bank)
    count = quiz_count_clean(request.GET.get("n"))
    try:
        questions, token = quiz_draw(bank=bank, count=count)
    except ExamError as error:
        return render(request, "exams/quiz/error.html", {"bank": bank, "message": error.message}, status=404)
    items = [(question, display_options(question, [])) for question in questions]
    return render(request, "exams/quiz/quiz.html", {"bank": bank, "items": items, "token": token, "count": count})


def _quiz_post(request, bank):
    if rate_limit_hit(
        "exams.quiz", client_fingerprint(request), limit=QUIZ_POSTS_PER_WINDOW, period_seconds=QUIZ_WINDOW_SECONDS
    ):
        message = _("提交太频繁了，请休息几分钟再来答题。")
        return render(request, "exams/quiz/error.html", {"bank": bank, "message": message}, status=429)
    answers = {}
    for key in request.POST:
        if key.startswith("q-") and key[2:].isdigit():
            answers[int(key[2:])] = "".join(request.POST.getlist(key))
    try:
        result = quiz_grade(bank=bank, token=request.POST.get("token", ""), answers=answers)
    except ExamError as error:
        return render(request, "exams/quiz/error.html", {"bank": bank, "message": error.message}, status=400)
    share_url = request.build_absolute_uri(reverse("exams:quiz", kwargs={"bank_code": bank.code}))
    if result.total:
        share_url += f"?n={result.total}"
    items = [(item, display_options(item.question, [])) for item in result.items]
    context = {"bank": bank, "result": result, "items": items, "share_url": share_url}
    return render(request, "exams/quiz/result.html", context)
