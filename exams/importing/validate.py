"""Turn the text of one row into a ``QuestionData`` (or problems), as DESIGN §4 spells it.

Width folding (NFKC) applies to headers, 题型 and 答案 only; stems, options and explanations keep
their characters exactly.
"""

import re
import unicodedata
from collections.abc import Callable

from django.utils.translation import gettext as _

from ..models import QuestionType
from ..models.banks import OPTION_LETTERS
from ..services.banks import QuestionData
from .problems import ImportProblem

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("编号", "试题编号", "题号"),
    "type": ("题型", "试题类型", "类型"),
    "stem": ("题干", "题目", "试题内容"),
    "answer": ("答案", "正确答案", "标准答案"),
    "explanation": ("解析", "答案解析", "试题解析"),
    "difficulty": ("难度",),
    "chapter": ("章节", "分类", "知识点"),
}
for _letter in OPTION_LETTERS:
    HEADER_ALIASES[f"option_{_letter}"] = (f"选项{_letter}", _letter)

TYPE_ALIASES = {
    "判断题": QuestionType.TRUE_FALSE,
    "判断": QuestionType.TRUE_FALSE,
    "是非题": QuestionType.TRUE_FALSE,
    "单选题": QuestionType.SINGLE,
    "单选": QuestionType.SINGLE,
    "单项选择题": QuestionType.SINGLE,
    "多选题": QuestionType.MULTIPLE,
    "多选": QuestionType.MULTIPLE,
    "多项选择题": QuestionType.MULTIPLE,
}
TRUE_SPELLINGS = {"正确", "对", "√", "✓", "✔", "T", "TRUE", "是", "A"}
FALSE_SPELLINGS = {"错误", "错", "×", "✗", "✘", "F", "FALSE", "否", "B"}
DIFFICULTY_WORDS = {"易": 1, "较易": 2, "中等": 3, "较难": 4, "难": 5}
_SEPARATORS = re.compile(r"[,，、;；\s]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Width-fold and drop spaces (headers, 题型, 答案 only)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def header_key(text: str) -> str | None:
    folded = fold(text).upper()
    for key, aliases in HEADER_ALIASES.items():
        if folded in aliases:
            return key
    return None


HEADER_KEYS_REQUIRED = ("type", "stem", "answer")


def row_to_question(
    row: int, values: dict[str, str], column_name: Callable[[str], str]
) -> tuple[QuestionData | None, list[ImportProblem]]:
    """Validate one row. ``values`` maps header keys to trimmed text; ``column_name(key)`` names the
    column in messages (the header as written plus its letter)."""
    problems: list[ImportProblem] = []

    def problem(key: str, message: str) -> None:
        problems.append(ImportProblem(row, column_name(key), message))

    raw_type = values.get("type", "")
    type_ = TYPE_ALIASES.get(fold(raw_type)) if raw_type else None
    if not raw_type:
        problem("type", _("题型不能为空，请填写 判断题、单选题 或 多选题。"))
    elif type_ is None:
        problem("type", _("无法识别的题型“%(value)s”，请填写 判断题、单选题 或 多选题。") % {"value": raw_type})

    stem = values.get("stem", "")
    if not stem:
        problem("stem", _("题干不能为空。"))

    options = [values.get(f"option_{letter}", "") for letter in OPTION_LETTERS]
    while options and not options[-1]:
        options.pop()

    answer = ""
    raw_answer = values.get("answer", "")
    if not raw_answer:
        problem("answer", _("答案不能为空。"))
    elif type_ == QuestionType.TRUE_FALSE:
        folded = fold(raw_answer).upper()
        if folded in TRUE_SPELLINGS:
            answer = "A"
        elif folded in FALSE_SPELLINGS:
            answer = "B"
        else:
            problem(
                "answer",
                _("判断题的答案“%(value)s”无法识别，请填写“正确”或“错误”（也可写 对/错、√/×、T/F）。")
                % {"value": raw_answer},
            )
        options = ["正确", "错误"]
    elif type_ in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        for index, text in enumerate(options):
            if not text:
                problem(
                    f"option_{OPTION_LETTERS[index]}",
                    _("选项%(letter)s为空，但后面的选项有内容；选项请从 A 开始连续填写。")
                    % {"letter": OPTION_LETTERS[index]},
                )
        if len(options) < 2:
            problem("option_A", _("选择题至少需要填写 2 个选项（选项A、选项B）。"))
        letters = _SEPARATORS.sub("", fold(raw_answer).upper())
        bad = sorted({ch for ch in letters if ch not in OPTION_LETTERS})
        if bad or not letters:
            problem("answer", _("答案“%(value)s”只能由选项字母 A–H 组成。") % {"value": raw_answer})
        else:
            unique = "".join(sorted(set(letters)))
            missing = [
                ch for ch in unique if OPTION_LETTERS.index(ch) >= len(options) or not options[OPTION_LETTERS.index(ch)]
            ]
            if missing:
                problem(
                    "answer",
                    _("答案中的 %(letters)s 没有对应的选项内容，请检查答案或补全选项。")
                    % {"letters": "、".join(missing)},
                )
            elif type_ == QuestionType.SINGLE and len(unique) != 1:
                problem(
                    "answer",
                    _("单选题只能有一个答案，现在是“%(value)s”；多个答案请把题型改为多选题。") % {"value": raw_answer},
                )
            elif type_ == QuestionType.MULTIPLE and len(unique) < 2:
                problem(
                    "answer",
                    _("多选题至少要有两个正确答案，现在是“%(value)s”；只有一个请改为单选题。") % {"value": raw_answer},
                )
            else:
                answer = unique

    difficulty = 3
    raw_difficulty = values.get("difficulty", "")
    if raw_difficulty:
        folded = fold(raw_difficulty)
        if folded in DIFFICULTY_WORDS:
            difficulty = DIFFICULTY_WORDS[folded]
        elif folded in {"1", "2", "3", "4", "5"}:
            difficulty = int(folded)
        else:
            problem(
                "difficulty",
                _("难度“%(value)s”无效，请填写 1–5 或 易、较易、中等、较难、难。") % {"value": raw_difficulty},
            )

    external_id = values.get("external_id", "")
    if len(external_id) > 64:
        problem("external_id", _("编号最长 64 个字符。"))

    chapter = "/".join(part.strip() for part in values.get("chapter", "").replace("／", "/").split("/") if part.strip())
    if any(len(part) > 100 for part in chapter.split("/")) or len(chapter) > 500:
        problem("chapter", _("章节名称过长（每级最多 100 个字符）。"))

    if problems:
        return None, problems
    return (
        QuestionData(
            type=type_,
            stem=stem,
            options=options,
            answer=answer,
            explanation=values.get("explanation", ""),
            difficulty=difficulty,
            chapter_path=chapter,
            external_id=external_id,
            row=row,
        ),
        [],
    )
