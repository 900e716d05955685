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
