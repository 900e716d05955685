"""Query budgets of every exams admin listing, with enough rows that an N+1 would show."""

import datetime

import pytest
from django.urls import reverse

from exams.models import Chapter, ExamSubject
from exams.services.attempts import attempt_start
from exams.services.rules import exam_rule_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(make_bank, make_subject, make_blueprint, django_user_model):
    """3 banks with 40 questions over 6 chapters, 12 subjects, 12 rules, 25 attempts."""
    chapters = ("法律法规/安全生产法", "法律法规/消防法", "专业知识/电气", "专业知识/焊接", "案例/一", "案例/二")
    banks = [make_bank(code=f"b{i}", true_false=30, single=10, chapters=chapters) for i in range(3)]
    subject = make_subject(banks=banks)
    for i in range(11):
        extra = ExamSubject.objects.create(code=f"s{i}", name=f"科目{i}", person_category="principal")
        extra.banks.set(banks)
        exam_rule_create(subject=extra, effective_from=datetime.date(2024, 1, 1))
    make_blueprint(subject, rules=(("true_false", 5, 10), ("single", 5, 10)), pass_mark=60)
    for i in range(25):
        user = django_user_model.objects.create_user(username=f"c{i}", email=f"c{i}@example.com")
        attempt_start(user=user, subject=subject)
    return banks


@pytest.mark.parametrize(
    ("url_name", "budget"),
    [
        ("exams_questions:index", 12),
        ("exams_chapters:index", 12),
        ("exams_subjects:index", 12),
        ("exams_rules:index", 12),
        ("exams_attempts:index", 12),
        ("wagtailsnippets_exams_questionbank:list", 12),
    ],
)
def test_admin_listing_query_budget(admin_client, many, url_name, budget, django_assert_max_num_queries):
    assert Chapter.objects.count() >= 18
    with django_assert_max_num_queries(budget):
        response = admin_client.get(reverse(url_name))
    assert response.status_code == 200


def test_import_problems_are_exposed_as_platform_problems():
    from edu_platform.errors import Problem
    from exams.importing.problems import ImportInvalid, ImportProblem

    invalid = ImportInvalid([ImportProblem(5, "答案（E 列）", "答案不能为空。")])
    assert invalid.as_problems() == [Problem("答案不能为空。", row=5, column="答案（E 列）")]


def test_blueprint_editor_round_trips_the_date_and_ignores_blank_rows(admin_client, bank_with_paper):
    """Issue 13: after saving, 生效日期 shows its value (ISO, what <input type=date> accepts), and the
    editor's spare rows, left blank, are ignored instead of failing with 必需字段."""
    from exams.models import Blueprint

    _bank, subject, _blueprint = bank_with_paper
    data = {
        "name": "往返", "effective_from": "2026-06-01", "shuffle_options": "on", "attempts_allowed": 0,
        "is_active": "on", "rules-TOTAL_FORMS": 4, "rules-INITIAL_FORMS": 0, "rules-MIN_NUM_FORMS": 0,
        "rules-MAX_NUM_FORMS": 1000,
        "rules-0-question_type": "true_false", "rules-0-count": 10, "rules-0-points": 1,
        "rules-1-question_type": "single", "rules-1-count": 10, "rules-1-points": 2,
        "rules-2-question_type": "", "rules-2-count": "", "rules-2-points": 1,
        "rules-3-question_type": "single", "rules-3-count": "", "rules-3-points": "",
    }  # fmt: skip
    response = admin_client.post(reverse("exams_admin:blueprint_add") + f"?subject={subject.pk}", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Blueprint.objects.get(name="往返")
    assert saved.rules.count() == 2
    html = admin_client.get(reverse("exams_admin:blueprint_edit", args=[saved.pk])).content.decode()
    assert 'value="2026-06-01"' in html
