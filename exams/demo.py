"""Demo content for exams: subjects, exam rules, banks with real safety questions, blueprints.

Idempotent: banks are matched by code and questions by 编号 (through ``questions_apply``), subjects
by code, rules and blueprints by subject and effective date. The questions live in
``exams/demo_questions.py``.
"""

import datetime
from decimal import Decimal

from .demo_questions import BANKS
from .models import Blueprint, ExamRule, ExamSubject, QuestionBank, QuestionType
from .services.banks import QuestionData, bank_create, questions_apply
from .services.blueprints import RuleData, blueprint_create
from .services.rules import exam_rule_create

TF, SINGLE, MULTIPLE = QuestionType.TRUE_FALSE, QuestionType.SINGLE, QuestionType.MULTIPLE

SUBJECTS = [
    # code, name, person category, field, practical part required, banks
    ("low-voltage-electrician", "低压电工作业", "special_operator", "电工作业", True, ["low-voltage-electrician"]),
    ("welding", "熔化焊接与热切割作业", "special_operator", "焊接与热切割作业", True, ["welding"]),
    ("hazchem-principal", "危险化学品生产单位主要负责人", "principal", "危险化学品", False, ["hazchem"]),
    (
        "hazchem-safety-manager",
        "危险化学品生产单位安全生产管理人员",
        "safety_manager",
        "危险化学品",
        False,
        ["hazchem"],
    ),
]

# Demo blueprints are scaled to the demo banks (40-odd questions, 100 points, 80 to pass). The
# statutory 特种作业 paper is 70 判断 + 30 单选; a real bank imported through the admin can carry
# that blueprint (the check on save says so if the bank is too small).
BLUEPRINTS = {
    "low-voltage-electrician": [(TF, 20, "2"), (SINGLE, 10, "6")],
    "welding": [(TF, 15, "4"), (SINGLE, 8, "5")],
    "hazchem-principal": [(TF, 12, "3"), (SINGLE, 8, "5"), (MULTIPLE, 4, "6")],
    "hazchem-safety-manager": [(TF, 15, "2"), (SINGLE, 10, "4"), (MULTIPLE, 5, "6")],
}
TYPE_CODES = {"判断": TF, "单选": SINGLE, "多选": MULTIPLE}


def _bank(code: str, name: str, description: str, is_public: bool) -> QuestionBank:
    bank = QuestionBank.objects.filter(code=code).first()
    if bank is None:
        return bank_create(code=code, name=name, description=description, is_public=is_public)
    return bank


def seed(stdout) -> None:
    for code, spec in BANKS.items():
        bank = _bank(code, spec["name"], spec["description"], spec.get("is_public", False))
        items = []
        for external_id, kind, chapter, stem, options, answer, explanation, difficulty in spec["questions"]:
            type_ = TYPE_CODES[kind]
            items.append(
                QuestionData(
                    type=type_,
                    stem=stem,
                    options=["正确", "错误"] if type_ == TF else list(options),
                    answer=answer,
                    explanation=explanation,
                    difficulty=difficulty,
                    chapter_path=chapter,
                    external_id=external_id,
                )
            )
        summary = questions_apply(bank=bank, items=items)
        stdout.write(f"  exams: 题库 {code}：新建 {summary.created}，更新 {summary.updated}，未变 {summary.unchanged}")

    _rules_seed()
    for code, name, category, field, practical, bank_codes in SUBJECTS:
        subject, _created = ExamSubject.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "person_category": category,
                "field": field,
                "practical_required": practical,
                "is_active": True,
            },
        )
        subject.banks.set(QuestionBank.objects.filter(code__in=bank_codes))
        effective = datetime.date(2024, 1, 1)
        if not Blueprint.objects.filter(subject=subject, effective_from=effective).exists():
            blueprint_create(
                subject=subject,
                name=f"{name}模拟考试",
                effective_from=effective,
                rules=[RuleData(question_type=t, count=n, points=Decimal(p)) for t, n, p in BLUEPRINTS[code]],
            )
        # 特种作业 from 2026-06-01: 应急管理部令第19号 replaces 原安监总局令第30号. The exam figures
        # stay the same in the demo; the row records the new basis so the change is data, not code.
        if category == "special_operator":
            _rule_ensure(
                subject,
                datetime.date(2026, 6, 1),
                basis="应急管理部令第19号（特种作业人员安全技术培训考核管理规定）",
            )
    stdout.write("  exams: 考试科目、考试规则、组卷规则已就绪")


def _rule_ensure(subject, effective_from: datetime.date, *, basis: str) -> None:
    """Add the rule once (rules are add-only once in force: an existing row is left as it is)."""
    if not ExamRule.objects.filter(subject=subject, effective_from=effective_from).exists():
        exam_rule_create(
            subject=subject,
            effective_from=effective_from,
            full_marks=100,
            pass_mark=80,
            practical_pass_mark=80,
            duration_minutes=120,
            resits_allowed=1,
            pass_valid_months=12,
            basis=basis,
        )


def _rules_seed() -> None:
    # The general rule first: blueprints are checked against it when they are saved.
    _rule_ensure(None, datetime.date(2024, 1, 1), basis="安全生产资格考试与证书管理暂行办法")
