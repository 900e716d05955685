"""Exam rules: the one source of full marks, pass mark and duration; add-only once in force."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from edu_platform.models import AuditLogEntry
from exams.errors import ExamError
from exams.models import ExamRule
from exams.selectors import exam_rule_for
from exams.services.rules import exam_rule_create, exam_rule_delete, exam_rule_update

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
IN_FORCE_MESSAGE = "已生效的考试规则不能修改，请新增一条生效日期更晚的规则"


def test_a_second_general_rule_on_the_same_date_is_refused_by_the_database():
    ExamRule.objects.create(subject=None, effective_from=datetime.date(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ExamRule.objects.create(subject=None, effective_from=datetime.date(2024, 1, 1), pass_mark=60)


def test_the_service_refuses_a_second_rule_on_a_date_with_a_field_tagged_message(make_subject):
    exam_rule_create(subject=None, effective_from=datetime.date(2024, 1, 1))
    with pytest.raises(ExamError) as excinfo:
        exam_rule_create(subject=None, effective_from=datetime.date(2024, 1, 1))
    assert "通用规则在 2024-01-01 已有一条考试规则" in excinfo.value.message
    assert excinfo.value.field == "effective_from"
    subject = make_subject()
    exam_rule_create(subject=subject, effective_from=datetime.date(2024, 1, 1))  # a subject's own rule is fine
    with pytest.raises(ExamError, match="合格分数 120 不能超过满分 100"):
        exam_rule_create(subject=subject, effective_from=datetime.date(2025, 1, 1), pass_mark=120)


def test_rule_in_force_cannot_be_edited_or_deleted_a_later_rule_supersedes(make_subject):
    subject = make_subject()
    with time_machine.travel(TODAY, tick=False):
        old = exam_rule_create(subject=subject, effective_from=datetime.date(2024, 1, 1), pass_mark=80)
        with pytest.raises(ExamError, match=IN_FORCE_MESSAGE):
            exam_rule_update(rule=old, values={"pass_mark": 60})
        with pytest.raises(ExamError, match=IN_FORCE_MESSAGE):
            exam_rule_delete(rule=old)
        # A rule taking effect today is in force too.
        today_rule = exam_rule_create(subject=subject, effective_from=TODAY, pass_mark=85)
        with pytest.raises(ExamError, match=IN_FORCE_MESSAGE):
            exam_rule_update(rule=today_rule, values={"pass_mark": 60})
        later = exam_rule_create(subject=subject, effective_from=datetime.date(2026, 6, 1), pass_mark=90)
        assert exam_rule_for(subject, on=datetime.date(2026, 5, 31)).pass_mark == 85
        assert exam_rule_for(subject, on=datetime.date(2026, 6, 1)).pass_mark == 90
        # Not yet in force: may be corrected, but not moved into the past, and may be withdrawn.
        exam_rule_update(rule=later, values={"duration_minutes": 90})
        with pytest.raises(ExamError, match="修改后的生效日期必须晚于今天"):
            exam_rule_update(rule=later, values={"effective_from": datetime.date(2026, 1, 1)})
        exam_rule_delete(rule=later)
    old.refresh_from_db()
    assert old.pass_mark == 80
    assert list(ExamRule.objects.values_list("effective_from", flat=True)) == [TODAY, datetime.date(2024, 1, 1)]
    actions = list(
        AuditLogEntry.objects.exclude(action__startswith="wagtail.").order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["exams.rule.created"] * 3 + ["exams.rule.changed", "exams.rule.deleted"]


def test_the_admin_refuses_to_edit_or_delete_a_rule_in_force(admin_client, make_subject):
    with time_machine.travel(TODAY, tick=False):
        rule = exam_rule_create(subject=None, effective_from=datetime.date(2024, 1, 1))
        for name in ("edit", "delete"):
            url = reverse(f"exams_rules:{name}", args=[rule.pk])
            response = admin_client.get(url, follow=True)
            assert IN_FORCE_MESSAGE in response.content.decode()
            response = admin_client.post(url, {"pass_mark": 10, "full_marks": 100}, follow=True)
            assert IN_FORCE_MESSAGE in response.content.decode()
        rule.refresh_from_db()
        assert rule.pass_mark == 80


def test_the_admin_adds_rules_through_the_service_and_edits_future_ones(admin_client):
    form = {
        "subject": "", "effective_from": "2026-06-01", "full_marks": 100, "pass_mark": 90,
        "practical_pass_mark": 80, "duration_minutes": 90, "resits_allowed": 1, "pass_valid_months": 12,
        "basis": "应急管理部令第19号",
    }  # fmt: skip
    with time_machine.travel(TODAY, tick=False):
        response = admin_client.post(reverse("exams_rules:add"), form)
        assert response.status_code == 302
        rule = ExamRule.objects.get()
        assert (rule.pass_mark, rule.duration_minutes) == (90, 90)
        assert AuditLogEntry.objects.filter(action="exams.rule.created").count() == 1
        response = admin_client.post(reverse("exams_rules:add"), form)
        assert response.status_code == 200
        assert "该日期已有一条通用考试规则（不限科目），请换一个生效日期。" in response.content.decode()
        response = admin_client.post(reverse("exams_rules:edit", args=[rule.pk]), {**form, "duration_minutes": 100})
        assert response.status_code == 302
        rule.refresh_from_db()
        assert rule.duration_minutes == 100
        response = admin_client.post(reverse("exams_rules:delete", args=[rule.pk]))
        assert response.status_code == 302
    assert not ExamRule.objects.exists()
