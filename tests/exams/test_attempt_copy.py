"""An attempt keeps its questions as drawn: editing a key, options or stem, or re-importing the bank
while attempts are open or finished changes neither the grading nor what review shows."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from exams.models import AttemptQuestion, Question
from exams.services.attempts import attempt_answer_save, attempt_start, attempt_submit
from exams.services.banks import QuestionData, questions_apply
from exams.services.statistics import statistics_compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user(username="learner", email="l@example.com", password="pw-12345678")


def _display(item, canonical: str) -> str:
    return "".join(sorted("ABCDEFGH"[item.option_order.index("ABCDEFGH".index(c))] for c in canonical))


def _reimport_with_changed_keys(bank):
    """Re-import every question of ``bank`` with a different key, stem and options (by 编号)."""
    items = []
    for question in bank.questions.all():
        if question.type == "true_false":
            answer, options = ("B" if question.answer == "A" else "A"), ["正确", "错误"]
        elif question.type == "single":
            answer, options = "D", ["改甲", "改乙", "改丙", "改丁"]
        else:
            answer, options = "BD", ["改甲", "改乙", "改丙", "改丁"]
        items.append(
            QuestionData(
                type=question.type, stem=f"改过的题干 {question.pk}", options=options, answer=answer,
                explanation="改过的解析", external_id=question.external_id, chapter_path="改过的章节",
            )
        )  # fmt: skip
    summary = questions_apply(bank=bank, items=items)
    assert summary.updated == len(items)


def test_grading_and_review_use_the_question_as_drawn(client, bank_with_paper, learner):
    bank, subject, _blueprint = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    items = list(attempt.items.order_by("position"))
    drawn = {item.position: (item.stem, item.key) for item in items}
    # The candidate answers every question right by the paper they were given…
    for item in items:
        attempt_answer_save(
            user=learner, attempt_id=attempt.pk, position=item.position, answer_display_letters=_display(item, item.key)
        )
    # …while the bank is re-imported with other keys and texts before they hand in.
    _reimport_with_changed_keys(bank)
    assert Question.objects.filter(stem__startswith="改过的题干").count() == bank.questions.count()

    graded = attempt_submit(user=learner, attempt_id=attempt.pk)
    assert graded.score == graded.max_score == 30
    assert graded.passed is True

    client.force_login(learner)
    html = client.get(reverse("exams:attempt_result", args=[attempt.pk])).content.decode()
    first_stem, _key = drawn[1]
    assert first_stem in html
    assert "改过的题干" not in html and "改过的解析" not in html and "改过的章节" not in html
    # Editing after the finish changes nothing either.
    Question.objects.update(answer="A", stem="又改了")
    assert [(i.position, i.stem, i.key) for i in AttemptQuestion.objects.filter(attempt=attempt)] == [
        (p, *drawn[p]) for p in sorted(drawn)
    ]
    statistics_compute()
    assert all(item.is_correct for item in AttemptQuestion.objects.filter(attempt=attempt))


def test_question_page_shows_the_copy_and_never_the_key(client, bank_with_paper, learner):
    _bank, subject, _blueprint = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    item = attempt.items.get(position=1)
    Question.objects.filter(pk=item.question_id).update(stem="题库里改过的题干", explanation="题库里改过的解析")
    client.force_login(learner)
    html = client.get(reverse("exams:attempt_question", args=[attempt.pk, 1])).content.decode()
    assert item.stem in html and "题库里改过的题干" not in html
    assert item.explanation not in html


def test_migration_fills_the_copy_of_existing_attempts(bank_with_paper, learner):
    _bank, subject, _blueprint = bank_with_paper
    attempt = attempt_start(user=learner, subject=subject)
    # An attempt from before the copy existed: stem, options, chapter and explanation empty.
    AttemptQuestion.objects.filter(attempt=attempt).update(stem="", options=[], explanation="", chapter_name="")
    migration = importlib.import_module("exams.migrations.0003_rules_one_source_attempt_copy")
    migration.copy_questions_into_attempts(apps, None)
    for item in AttemptQuestion.objects.filter(attempt=attempt).select_related("question", "question__chapter"):
        question = item.question
        assert (item.stem, item.options, item.key, item.question_type, item.explanation) == (
            question.stem, question.options, question.answer, question.type, question.explanation,
        )  # fmt: skip
        assert item.chapter_name == (question.chapter.path if question.chapter_id else "")
