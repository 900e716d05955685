"""The exam admins' panel on the Wagtail dashboard (/admin/)."""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from exams.models import QuestionImport, QuestionStatistic

pytestmark = pytest.mark.django_db


def _staff(username: str, group: str) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.cn", password="pw-123456!")
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def _row(html: str, label: str) -> str:
    """The number shown beside ``label`` in the panel's summary table."""
    match = re.search(re.escape(label) + r"(?:</a>)?</th>\s*<td>(?:<strong>)?(\d+)", html)
    assert match, f"no row {label!r}"
    return match.group(1)


def _import(bank, status, name):
    return QuestionImport.objects.create(bank=bank, file=f"question_imports/{name}", original_name=name, status=status)


def test_exam_admin_sees_bank_import_and_review_counts(client, make_bank, django_assert_max_num_queries):
    bank = make_bank(code="elec", true_false=4, single=2)
    retired = make_bank(code="old", true_false=3)
    retired.is_active = False
    retired.save()
    question = bank.questions.first()
    question.is_active = False
    question.save()
    _import(bank, QuestionImport.Status.VALID, "待确认.xlsx")
    _import(bank, QuestionImport.Status.FAILED, "失败.xlsx")
    _import(bank, QuestionImport.Status.DONE, "已导入.xlsx")
    for q in bank.questions.filter(is_active=True)[:2]:
        QuestionStatistic.objects.create(question=q, attempts=40, flagged=True, computed_at=timezone.now())
    client.force_login(_staff("examiner", "考务管理员"))

    with django_assert_max_num_queries(26):
        response = client.get("/admin/")

    html = response.content.decode()
    assert response.status_code == 200 and 'id="exams-summary-section"' in html
    assert _row(html, "启用的题库") == "1"
    assert _row(html, "启用的试题") == "5"
    assert _row(html, "检查通过、待确认导入") == "1"
    assert _row(html, "有错误或导入失败的文件") == "1"
    assert _row(html, "统计标记需复核的试题") == "2"
    assert "待确认.xlsx" in html and "失败.xlsx" in html and "已导入.xlsx" not in html
    assert "/admin/exams-desk/statistics/" in html and "/admin/exams-desk/import/" in html


def test_query_budget_does_not_grow_with_data(client, make_bank, django_assert_num_queries):
    client.force_login(_staff("examiner", "考务管理员"))
    bank = make_bank(code="a", true_false=2)
    _import(bank, QuestionImport.Status.VALID, "1.xlsx")
    client.get("/admin/")  # warm per-process caches (content types, site)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/admin/")
    make_bank(code="b", single=5)
    for i in range(5):
        _import(bank, QuestionImport.Status.FAILED, f"f{i}.xlsx")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/admin/")


def test_training_admin_does_not_see_exam_panel(client, make_bank):
    make_bank(code="elec", true_false=2)
    client.force_login(_staff("trainer", "培训管理员"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'id="exams-summary-section"' not in response.content.decode()
