"""Factories shared by the exams tests (both helpers). Data goes through the real services.

- ``make_bank(code=…, true_false=n, single=n, multiple=n, chapters=[…])``: a bank whose questions
  are spread round-robin over ``chapters`` (paths like "法律法规/安全生产法"); 编号 ``<code>-<n>``.
  判断 answers alternate A/B, 单选 answer "B" of 4 options, 多选 answer "AC" of 4 options.
- ``make_subject(code=…, banks=[…])``: an active 特种作业 knowledge subject linked to the banks.
- ``make_blueprint(subject, rules=[("true_false", 70, 1), ("single", 30, 1)], pass_mark=80)``: with a
  ``pass_mark`` (and optional ``duration``) it first adds the subject's exam rule on the same date,
  whose full marks are the blueprint's total (the rule, not the blueprint, gives marks and time).
- ``bank_with_paper``: a bank (20 判断 / 10 单选 / 5 多选 over two chapters) and a subject with a
  blueprint of 10 判断 + 5 单选 + 2 多选 (1, 2, 5 points → 30 points, pass 20).
- ``exam_admin``: a staff user in the 考务管理员 group.
"""

import datetime
from decimal import Decimal

import pytest

from exams.models import ExamRule, ExamSubject, QuestionType
from exams.services.banks import QuestionData, bank_create, question_create
from exams.services.blueprints import RuleData, blueprint_create
from exams.services.rules import exam_rule_create


def _make_bank(
    *, code="bank", name=None, true_false=0, single=0, multiple=0, chapters=("法律法规/安全生产法",), is_public=False
):
    bank = bank_create(code=code, name=name or f"题库 {code}", is_public=is_public)
    n = 0
    specs = [(QuestionType.TRUE_FALSE, true_false), (QuestionType.SINGLE, single), (QuestionType.MULTIPLE, multiple)]
    for type_, count in specs:
        for i in range(count):
            n += 1
            if type_ == QuestionType.TRUE_FALSE:
                options, answer = ["正确", "错误"], "AB"[i % 2]
            elif type_ == QuestionType.SINGLE:
                options, answer = [f"选项{c}{n}" for c in "ABCD"], "B"
            else:
                options, answer = [f"选项{c}{n}" for c in "ABCD"], "AC"
            question_create(
                bank=bank,
                data=QuestionData(
                    type=type_,
                    stem=f"{code} 第{n}题：{type_}",
                    options=options,
                    answer=answer,
                    explanation=f"解析{n}",
                    difficulty=(n % 5) + 1,
                    chapter_path=chapters[n % len(chapters)] if chapters else "",
                    external_id=f"{code}-{n}",
                ),
            )
    return bank


def _make_subject(*, code="low-voltage-electrician", name="低压电工作业", banks=()):
    subject = ExamSubject.objects.create(
        code=code, name=name, person_category="special_operator", field="电工作业", is_active=True
    )
    subject.banks.set(banks)
    return subject


def _make_rule(subject=None, *, effective_from=datetime.date(2024, 1, 1), full_marks=100, pass_mark=80, **kwargs):
    return exam_rule_create(
        subject=subject, effective_from=effective_from, full_marks=full_marks, pass_mark=pass_mark, **kwargs
    )


def _make_blueprint(subject, rules=(("true_false", 70, 1), ("single", 30, 1)), pass_mark=None, **kwargs):
    effective_from = kwargs.pop("effective_from", datetime.date(2024, 1, 1))
    rule_data = [RuleData(question_type=t, count=c, points=Decimal(str(p))) for t, c, p in rules]
    duration = kwargs.pop("duration", 120)
    if pass_mark is not None and not ExamRule.objects.filter(subject=subject, effective_from=effective_from).exists():
        total = sum(r.count * r.points for r in rule_data)
        _make_rule(
            subject,
            effective_from=effective_from,
            full_marks=int(total),
            pass_mark=pass_mark,
            duration_minutes=duration,
        )
    return blueprint_create(
        subject=subject,
        name=kwargs.pop("name", "模拟考试"),
        rules=rule_data,
        effective_from=effective_from,
        **kwargs,
    )


@pytest.fixture
def make_bank(db):
    return _make_bank


@pytest.fixture
def make_subject(db):
    return _make_subject


@pytest.fixture
def make_blueprint(db):
    return _make_blueprint


@pytest.fixture
def make_rule(db):
    return _make_rule


@pytest.fixture
def bank_with_paper(db):
    bank = _make_bank(
        code="paper", true_false=20, single=10, multiple=5, chapters=("法律法规/安全生产法", "专业知识/电气安全")
    )
    subject = _make_subject(banks=[bank])
    blueprint = _make_blueprint(
        subject, rules=(("true_false", 10, 1), ("single", 5, 2), ("multiple", 2, 5)), pass_mark=20
    )
    return bank, subject, blueprint


@pytest.fixture
def exam_admin(db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="exam_admin", email="exam_admin@example.com", password="pw-Exam-123456", is_staff=True
    )
    group, created = Group.objects.get_or_create(name="考务管理员")
    if created:  # a browser test (transactional_db) flushed the groups the migration made
        from accounts.roles import role_permissions_sync

        role_permissions_sync()
    user.groups.add(group)
    return user


def xlsx_bytes(rows, *, title="题库", extra_sheets=()):
    """An .xlsx with ``rows`` (lists of cell values, header included) in a sheet named ``title``."""
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    for name in extra_sheets:
        wb.create_sheet(name, 0).append(["别的表"])
    ws = wb.active if not extra_sheets else wb.create_sheet(title)
    ws.title = title
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer
