"""Paper drawing by the blueprint: counts, no duplicates, randomness, chapters, a bank too small."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exams.errors import ExamError
from exams.models import Chapter, Question, QuestionType
from exams.services.banks import question_set_active
from exams.services.blueprints import RuleData, blueprint_create
from exams.services.drawing import blueprint_in_force, paper_draw

pytestmark = pytest.mark.django_db


def _types(paper):
    types = dict(Question.objects.filter(pk__in=[d.question_id for d in paper]).values_list("pk", "type"))
    return [types[d.question_id] for d in paper]


def test_paper_follows_blueprint_counts_without_duplicates(bank_with_paper):
    _bank, subject, blueprint = bank_with_paper
    paper = paper_draw(subject=subject, blueprint=blueprint)
    ids = [d.question_id for d in paper]
    assert len(ids) == 17
    assert len(set(ids)) == 17
    types = _types(paper)
    assert types.count(QuestionType.TRUE_FALSE) == 10
    assert types.count(QuestionType.SINGLE) == 5
    assert types.count(QuestionType.MULTIPLE) == 2
    # Paper order follows the blueprint (判断 first), points per rule.
    assert types[:10] == [QuestionType.TRUE_FALSE] * 10
    assert sum(d.points for d in paper) == 30


def test_two_draws_differ_and_options_are_shuffled_except_judgement(bank_with_paper):
    _bank, subject, blueprint = bank_with_paper
    draws = [paper_draw(subject=subject, blueprint=blueprint) for _ in range(5)]
    assert len({tuple(d.question_id for d in paper) for paper in draws}) > 1
    orders = {tuple(d.option_order) for paper in draws for d in paper[10:]}
    assert len(orders) > 1  # 4-option questions get different permutations
    for paper in draws:
        for d in paper[:10]:
            assert d.option_order == [0, 1]  # 正确/错误 keep their order
        for d in paper[10:]:
            assert sorted(d.option_order) == [0, 1, 2, 3]


def test_no_shuffle_when_blueprint_says_so(make_bank, make_subject, make_blueprint):
    bank = make_bank(code="ns", single=6)
    subject = make_subject(banks=[bank])
    blueprint = make_blueprint(subject, rules=(("single", 5, 2),), pass_mark=6, shuffle_options=False)
    paper = paper_draw(subject=subject, blueprint=blueprint)
    assert all(d.option_order == [0, 1, 2, 3] for d in paper)


def test_chapter_rule_takes_only_its_chapter_and_subchapters(make_bank, make_subject, make_rule):
    bank = make_bank(code="ch", single=30, chapters=("法律法规", "法律法规/安全生产法", "专业知识/电气安全"))
    subject = make_subject(banks=[bank])
    law = Chapter.objects.get(bank=bank, path="法律法规")
    make_rule(subject, full_marks=30, pass_mark=20)
    blueprint = blueprint_create(
        subject=subject,
        name="章节卷",
        rules=[
            RuleData(question_type="single", count=20, chapter=law),
            RuleData(question_type="single", count=10),
        ],
        effective_from=datetime.date(2024, 1, 1),
    )
    for _ in range(3):
        paper = paper_draw(subject=subject, blueprint=blueprint)
        paths = dict(Question.objects.filter(pk__in=[d.question_id for d in paper]).values_list("pk", "chapter__path"))
        assert all(paths[d.question_id].startswith("法律法规") for d in paper[:20])
        assert len({d.question_id for d in paper}) == 30
        # All 20 law questions went to the chapter rule, so the general rule got the 10 others.
        assert all(paths[d.question_id] == "专业知识/电气安全" for d in paper[20:])


def test_bank_too_small_at_draw_time_names_type_and_counts(bank_with_paper):
    bank, subject, blueprint = bank_with_paper
    for question in Question.objects.filter(bank=bank, type=QuestionType.MULTIPLE)[:4]:
        question_set_active(question=question, is_active=False)
    with pytest.raises(ExamError) as excinfo:
        paper_draw(subject=subject, blueprint=blueprint)
    assert "多选题只有 1 道" in excinfo.value.message
    assert "需要 2 道" in excinfo.value.message


def test_blueprint_in_force_is_latest_active_not_in_future(bank_with_paper, make_blueprint):
    _bank, subject, first = bank_with_paper
    later = make_blueprint(
        subject, rules=(("true_false", 5, 1),), pass_mark=4, effective_from=datetime.date(2025, 6, 1)
    )
    future = make_blueprint(
        subject, rules=(("true_false", 5, 1),), pass_mark=4, effective_from=datetime.date(2099, 1, 1)
    )
    assert blueprint_in_force(subject, datetime.date(2025, 1, 1)) == first
    assert blueprint_in_force(subject, datetime.date(2026, 1, 1)) == later
    later.is_active = False
    later.save()
    assert blueprint_in_force(subject, datetime.date(2026, 1, 1)) == first
    assert future != blueprint_in_force(subject)


def test_draw_query_budget(make_bank, make_subject, make_blueprint):
    bank = make_bank(code="big", true_false=80, single=40)
    subject = make_subject(banks=[bank])
    make_blueprint(subject, rules=(("true_false", 70, 1), ("single", 30, 1)), pass_mark=80)
    with CaptureQueriesContext(connection) as ctx:
        blueprint = blueprint_in_force(subject)
        paper = paper_draw(subject=subject, blueprint=blueprint)
    assert len(paper) == 100
    assert len(ctx.captured_queries) <= 10
