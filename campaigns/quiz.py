"""The public knowledge-quiz block: a "开始答题" panel for one of exams' public question banks.

campaigns → exams is the one dependency DESIGN §2 allows: the block chooses an
``exams.QuestionBank`` snippet and renders exams' own ``exams/quiz/embed.html``, which links to
``exams:quiz``. The quiz itself (drawing, grading) lives entirely in exams.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

MAX_QUIZ_QUESTIONS = 30


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=120)
    bank = SnippetChooserBlock("exams.QuestionBank", label=_("题库"))
    question_count = blocks.IntegerBlock(label=_("题目数量"), default=10, min_value=1, max_value=MAX_QUIZ_QUESTIONS)

    class Meta:
        template = "campaigns/blocks/quiz.html"
        icon = "form"
        label = _("知识竞答")
        description = _("从公开题库随机抽题的知识竞答入口，公众无需登录即可作答。")
        preview_value = {"title": "消防安全知识竞答", "question_count": 10}

    def clean(self, value):
        value = super().clean(value)
        bank = value.get("bank")
        if bank is not None and not (bank.is_public and bank.is_active):
            raise blocks.StructBlockValidationError(
                {"bank": ValidationError(_("只能选择已启用且“可用于公众知识竞答”的题库。"))}
            )
        return value


def quiz_blocks() -> list:
    return [("quiz", QuizBlock())]
