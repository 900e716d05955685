"""Read GIFT (Moodle's text format) for true/false, single- and multiple-choice questions.

Questions are separated by blank lines; ``$CATEGORY:`` sets the chapter; a ``// 难度:n`` comment
(what our export writes) sets the difficulty. Read line by line, one question in memory at a time.
"""

import io
import re
from collections.abc import Iterator
from dataclasses import replace

from django.utils.translation import gettext as _

from ..models.banks import OPTION_LETTERS
from ..services.banks import QuestionData
from .moodle_xml import category_path
from .problems import ImportProblem
from .validate import row_to_question

# Escaped characters become private-use placeholders while we split, then turn back into text.
_ESCAPES = {"~": "\ue000", "=": "\ue001", "#": "\ue002", "{": "\ue003", "}": "\ue004", ":": "\ue005", "\\": "\ue006"}
_RESTORE = str.maketrans({v: k for k, v in _ESCAPES.items()})
_DIFFICULTY = re.compile(r"^//\s*难度[:：]\s*([1-5])\s*$")
_CHOICE = re.compile(r"([=~])(?:%(-?[\d.]+)%)?([^=~]*)")
_FORMAT_PREFIX = re.compile(r"^\[(html|plain|markdown|moodle)\]")


def _protect(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "n":
                out.append("\n")
            else:
                out.append(_ESCAPES.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _restore(text: str) -> str:
    return text.translate(_RESTORE).strip()


def _blocks(source) -> Iterator[tuple[list[str], str, str]]:
    """Yield (lines, chapter, difficulty) for each question block."""
    if hasattr(source, "seek"):
        source.seek(0)
    stream = io.TextIOWrapper(source, encoding="utf-8-sig") if not isinstance(source, io.TextIOBase) else source
    chapter, difficulty, lines = "", "", []
    try:
        for raw in stream:
            line = raw.rstrip("\r\n")
            stripped = line.strip()
            if not stripped:
                if lines:
                    yield lines, chapter, difficulty
                    lines, difficulty = [], ""
                continue
            if stripped.startswith("$CATEGORY:"):
                chapter = category_path(stripped[len("$CATEGORY:") :])
                continue
            if stripped.startswith("//"):
                match = _DIFFICULTY.match(stripped)
                if match:
                    difficulty = match.group(1)
                continue
            lines.append(line)
        if lines:
            yield lines, chapter, difficulty
    finally:
        if stream is not source:
            stream.detach()


def gift_rows(source, progress=None) -> Iterator[tuple[int, QuestionData | None, list[ImportProblem]]]:
    number = 0
    try:
        for lines, chapter, difficulty in _blocks(source):
            number += 1
            yield (number, *_question(number, "\n".join(lines), chapter, difficulty))
            if progress:
                progress(number)
    except UnicodeDecodeError:
        yield 0, None, [ImportProblem(None, "", _("GIFT 文件必须是 UTF-8 编码的文本文件。"))]


def _answer_area() -> str:
    return _("答案区 {…}")


def _name(key: str) -> str:
    return {"stem": "题干", "explanation": "####解析"}.get(key) or _answer_area()


def _question(number: int, text: str, chapter: str, difficulty: str):
    text = _protect(text)
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end > 0:
            title, text = _restore(text[2:end]), text[end + 2 :]
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end < start:
        return None, [ImportProblem(number, _answer_area(), _("找不到 {…} 答案区，无法识别这道题。"), "题")]
    stem = _restore(_FORMAT_PREFIX.sub("", text[:start].strip()) + " " + text[end + 1 :].strip())
    body = text[start + 1 : end].strip()
    explanation = ""
    if "####" in body:
        body, explanation = body.split("####", 1)
    values = {
        "stem": stem,
        "explanation": _restore(explanation),
        "external_id": title,
        "chapter": chapter,
        "difficulty": difficulty,
    }
    head = body.split("#", 1)[0].strip().upper()
    if head in ("T", "TRUE", "F", "FALSE"):
        values["type"] = "判断题"
        values["answer"] = "正确" if head.startswith("T") else "错误"
    else:
        choices = [(mark, weight, _restore(choice.split("#", 1)[0])) for mark, weight, choice in _CHOICE.findall(body)]
        if not choices:
            message = _("只能导入判断题（{T}/{F}）和选择题（= 正确项 ~ 错误项）。")
            return None, [ImportProblem(number, _answer_area(), message, "题")]
        if len(choices) > len(OPTION_LETTERS):
            message = _("选项最多 %(max)s 个。") % {"max": len(OPTION_LETTERS)}
            return None, [ImportProblem(number, _answer_area(), message, "题")]
        correct = []
        for index, (mark, weight, choice) in enumerate(choices):
            values[f"option_{OPTION_LETTERS[index]}"] = choice
            try:
                positive = float(weight) > 0 if weight else mark == "="
            except ValueError:
                positive = False
            if positive:
                correct.append(OPTION_LETTERS[index])
        weighted = any(weight for _mark, weight, _choice in choices)
        values["type"] = "多选题" if weighted or len(correct) > 1 else "单选题"
        values["answer"] = "".join(correct)
    question, problems = row_to_question(number, values, _name)
    return question, [replace(problem, unit="题") for problem in problems]
