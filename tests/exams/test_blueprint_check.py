import datetime
from decimal import Decimal

import pytest

from exams.errors import ExamError
from exams.models import Blueprint, Chapter
from exams.services.blueprints import RuleData, blueprint_check, blueprint_create, blueprint_save


def test_factory_blueprint_is_fillable(bank_with_paper):
    bank, _subject, blueprint = bank_with_paper
    assert bank.questions.count() == 35
    assert blueprint.rules.count() == 3
    assert blueprint_check(blueprint) == []


def test_too_small_bank_is_refused_with_line_and_numbers(make_bank, make_subject):
    bank = make_bank(code="small", true_false=12, single=3)
    subject = make_subject(banks=[bank])
    with pytest.raises(ExamError) as excinfo:
        blueprint_create(
            subject=subject,
            name="低压电工",
            rules=[RuleData("true_false", 70), RuleData("single", 30)],
            effective_from=datetime.date(2024, 1, 1),
        )
    assert "第 1 行：题库中符合条件的判断题只有 12 道，需要 70 道" in excinfo.value.message
    assert "第 2 行：题库中符合条件的单选题只有 3 道，需要 30 道" in excinfo.value.message
    # Each problem names its line (row) and field, so the editor puts it beside that line.
    assert [(p.row, p.field) for p in excinfo.value.problems] == [(1, "count"), (2, "count")]
    assert not Blueprint.objects.exists()


def test_chapter_rule_counts_sub_chapters_and_inactive_questions_do_not_count(make_bank, make_subject, make_rule):
    bank = make_bank(code="ch", single=6, chapters=("法律法规/安全生产法", "专业知识"))
    subject = make_subject(banks=[bank])
    make_rule(subject, full_marks=3, pass_mark=2)
    laws = Chapter.objects.get(bank=bank, path="法律法规")
    blueprint = Blueprint(subject=subject, name="x", effective_from=datetime.date(2024, 1, 1))
    assert blueprint_check(blueprint, [RuleData("single", 3, chapter=laws)]) == []
    bank.questions.filter(chapter__path="法律法规/安全生产法").update(is_active=False)
    problems = blueprint_check(blueprint, [RuleData("single", 3, chapter=laws)])
    assert [p.message for p in problems] == ["第 1 行：章节“法律法规”中符合条件的单选题只有 0 道，需要 3 道。"]


def test_overlapping_rules_need_their_sum(make_bank, make_subject):
    bank = make_bank(code="ov", single=5, chapters=("法律法规",))
    subject = make_subject(banks=[bank])
    laws = Chapter.objects.get(bank=bank, path="法律法规")
    blueprint = Blueprint(subject=subject, name="x", effective_from=datetime.date(2024, 1, 1))
    problems = blueprint_check(blueprint, [RuleData("single", 3, chapter=laws), RuleData("single", 3)])
    assert any("合计需要单选题 6 道" in p.message for p in problems)


def test_blueprint_that_does_not_add_up_to_the_rules_full_marks_is_refused(make_bank, make_subject, make_rule):
    """A 28-point blueprint cannot sit under a 100-point rule (pass 80): it could never be passed."""
    bank = make_bank(code="pm", true_false=30)
    subject = make_subject(banks=[bank])
    make_rule(None, full_marks=100, pass_mark=80)
    with pytest.raises(ExamError) as excinfo:
        blueprint_create(
            subject=subject,
            name="x",
            rules=[RuleData("true_false", 28, Decimal("1"))],
            effective_from=datetime.date(2024, 1, 1),
        )
    assert "各行合计 28 分，与 2024-01-01 生效的考试规则满分 100 分不一致" in excinfo.value.message
    assert excinfo.value.problems[0].field == "rules"
    assert not Blueprint.objects.exists()


def test_editing_replaces_rules_and_a_refused_edit_keeps_the_old_ones(bank_with_paper, make_blueprint):
    _bank, subject, blueprint = bank_with_paper
    other = make_blueprint(
        subject, rules=(("true_false", 5, 6),), pass_mark=5, effective_from=datetime.date(2025, 1, 1)
    )
    values = {
        "name": "改后",
        "effective_from": blueprint.effective_from,
        "shuffle_options": True,
        "attempts_allowed": 0,
        "is_active": True,
    }
    before = [(r.question_type, r.count) for r in blueprint.rules.all()]
    with pytest.raises(ExamError, match="各行合计 20 分，与 2024-01-01 生效的考试规则满分 30 分不一致"):
        blueprint_save(blueprint=blueprint, subject=subject, values=values, rules=[RuleData("true_false", 20)])
    with pytest.raises(ExamError, match="该科目在 2025-01-01 已有组卷规则"):
        blueprint_save(
            blueprint=blueprint,
            subject=subject,
            values={**values, "effective_from": other.effective_from},
            rules=[RuleData("true_false", 15, Decimal("2"))],
        )
    blueprint.refresh_from_db()
    assert blueprint.name != "改后"
    assert [(r.question_type, r.count) for r in blueprint.rules.all()] == before

    saved = blueprint_save(
        blueprint=blueprint, subject=subject, values=values, rules=[RuleData("single", 10), RuleData("true_false", 20)]
    )
    assert saved.pk == blueprint.pk and saved.name == "改后"
    assert [(r.question_type, r.count) for r in saved.rules.all()] == [("single", 10), ("true_false", 20)]
