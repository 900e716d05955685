"""Load-test volumes for exams (``seed_loadtest``): a 20,000-question bank and the statutory
70 判断 + 30 单选 × 1 point paper under the general rule (100 points, 80 to pass, 120 minutes).

Idempotent: the bank is matched by code and questions by 编号 (``questions_apply``), the subject by
code, the rule and blueprint by date.
"""

import datetime
from decimal import Decimal

from .models import Blueprint, ExamRule, ExamSubject, QuestionBank, QuestionType
from .services.banks import QuestionData, bank_create, questions_apply
from .services.blueprints import RuleData, blueprint_create
from .services.rules import exam_rule_create

BANK_CODE = "loadtest"
SUBJECT_CODE = "loadtest-low-voltage"
EFFECTIVE = datetime.date(2024, 1, 1)
CHAPTERS = ("法律法规/安全生产法", "法律法规/特种作业", "专业知识/电工基础", "专业知识/安全用电", "实际操作/应急处置")


def _question(n: int) -> QuestionData:
    chapter = CHAPTERS[n % len(CHAPTERS)]
    if n % 10 < 7:  # 70 % 判断题, like the paper
        return QuestionData(
            type=QuestionType.TRUE_FALSE,
            stem=f"压测判断题 {n:05d}：作业前必须确认设备已停电并验电。",
            options=["正确", "错误"],
            answer="AB"[n % 2],
            explanation=f"解析 {n:05d}",
            difficulty=n % 5 + 1,
            chapter_path=chapter,
            external_id=f"LT-{n:05d}",
        )
    return QuestionData(
        type=QuestionType.SINGLE,
        stem=f"压测单选题 {n:05d}：低压电气设备的安全电压上限是多少？",
        options=[f"{n % 7 + 24} V", f"{n % 7 + 36} V", f"{n % 7 + 42} V", f"{n % 7 + 50} V"],
        answer="ABCD"[n % 4],
        explanation=f"解析 {n:05d}",
        difficulty=n % 5 + 1,
        chapter_path=chapter,
        external_id=f"LT-{n:05d}",
    )


def seed(*, questions: int, stdout=None) -> ExamSubject:
    """Ensure the load-test bank holds ``questions`` questions and its subject can draw the paper."""
    bank = QuestionBank.objects.filter(code=BANK_CODE).first() or bank_create(
        code=BANK_CODE, name="压测题库（低压电工）", description="seed_loadtest 生成，仅供压测。"
    )
    summary = questions_apply(bank=bank, items=(_question(n) for n in range(1, questions + 1)))
    subject, _created = ExamSubject.objects.get_or_create(
        code=SUBJECT_CODE,
        defaults={"name": "低压电工作业（压测）", "person_category": "special_operator", "field": "电工作业"},
    )
    subject.banks.add(bank)
    if not ExamRule.objects.filter(subject=None, effective_from=EFFECTIVE).exists():
        exam_rule_create(subject=None, effective_from=EFFECTIVE, basis="安全生产资格考试与证书管理暂行办法")
    if not Blueprint.objects.filter(subject=subject, effective_from=EFFECTIVE).exists():
        blueprint_create(
            subject=subject,
            name="低压电工理论考试（70 判断 + 30 单选）",
            effective_from=EFFECTIVE,
            rules=[
                RuleData(QuestionType.TRUE_FALSE, 70, Decimal(1)),
                RuleData(QuestionType.SINGLE, 30, Decimal(1)),
            ],
        )
    if stdout:
        stdout.write(
            f"  exams: 压测题库 {bank.questions.count()} 题（新建 {summary.created}，未变 {summary.unchanged}），"
            "组卷 70 判断 + 30 单选"
        )
    return subject
