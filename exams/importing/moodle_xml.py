"""Read Moodle XML (multichoice single/multiple, truefalse) question by question.

Parsed with defusedxml (no DTDs, no entity expansion) and ``iterparse`` so memory stays flat.
Each question goes through the same row validation as the Excel template.
"""

import html
import re
from collections.abc import Iterator
from dataclasses import replace

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from ..models.banks import OPTION_LETTERS
from ..services.banks import QuestionData
from .problems import ImportProblem
from .validate import row_to_question

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<\s*(br|/p|/div|/li)\s*/?>", re.IGNORECASE)
_CATEGORY_PREFIX = re.compile(r"^\$(course|module|system|cat1|cat2|cat3)\$/?")
_DIFFICULTY_TAG = re.compile(r"^难度[:：]\s*([1-5])$")


def category_path(text: str) -> str:
    """``$course$/top/法律法规/安全生产法`` → ``法律法规/安全生产法``."""
    path = _CATEGORY_PREFIX.sub("", text.strip())
    parts = [part.strip() for part in path.split("/") if part.strip()]
    if parts and parts[0].lower() == "top":
        parts = parts[1:]
    return "/".join(parts)


def _text_of(element, tag: str) -> tuple[str, str]:
    node = element.find(tag)
    if node is None:
        return "", ""
    text_node = node.find("text")
    text = text_node.text if text_node is not None and text_node.text else ""
    return text, node.get("format", "")


def _plain(text: str, fmt: str) -> str:
    if fmt in ("html", "moodle_auto_format", "") and ("<" in text or "&" in text):
        text = html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
    return text.strip()


def moodle_rows(source, progress=None) -> Iterator[tuple[int, QuestionData | None, list[ImportProblem]]]:
    if hasattr(source, "seek"):
        source.seek(0)
    chapter = ""
    number = 0
    try:
        for _event, element in iterparse(source, events=("end",), forbid_dtd=True):
            if element.tag != "question":
                continue
            kind = element.get("type", "")
            if kind == "category":
                chapter = category_path(_text_of(element, "category")[0])
                element.clear()
                continue
            number += 1
            yield (number, *_question(number, kind, element, chapter))
            if progress:
                progress(number)
            element.clear()
    except (DefusedXmlException, SyntaxError) as exc:  # ParseError is a SyntaxError
        message = _("XML 文件格式有误或含有不允许的内容（%(error)s），请检查后重新上传。") % {"error": exc}
        yield 0, None, [ImportProblem(None, "", message)]


def _question(number: int, kind: str, element, chapter: str) -> tuple[QuestionData | None, list[ImportProblem]]:
    def name(key: str) -> str:
        return {"stem": "questiontext", "explanation": "generalfeedback", "type": "type"}.get(key, "answer")

    if kind not in ("multichoice", "truefalse"):
        return None, [
            ImportProblem(
                number,
                "type",
                _("不支持的 Moodle 题型“%(kind)s”，只能导入 multichoice 和 truefalse。") % {"kind": kind},
                "题",
            )
        ]
    stem = _plain(*_text_of(element, "questiontext"))
    explanation = _plain(*_text_of(element, "generalfeedback"))
    idnumber = (element.findtext("idnumber") or "").strip()
    difficulty = ""
    for tag in element.findall("tags/tag/text"):
        match = _DIFFICULTY_TAG.match((tag.text or "").strip())
        if match:
            difficulty = match.group(1)
    values = {"stem": stem, "explanation": explanation, "external_id": idnumber, "difficulty": difficulty}
    values["chapter"] = chapter
    answers = []
    for answer in element.findall("answer"):
        text_node = answer.find("text")
        text = _plain(text_node.text or "" if text_node is not None else "", answer.get("format", ""))
        try:
            fraction = float(answer.get("fraction", "0"))
        except ValueError:
            fraction = 0.0
        answers.append((text, fraction))
    if kind == "truefalse":
        values["type"] = "判断题"
        right = next((text for text, fraction in answers if fraction > 0), "")
        values["answer"] = {"true": "正确", "false": "错误"}.get(right.lower(), right)
    else:
        single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
        values["type"] = "单选题" if single else "多选题"
        if len(answers) > len(OPTION_LETTERS):
            return None, [
                ImportProblem(
                    number,
                    "answer",
                    _("选项最多 %(max)s 个，这道题有 %(count)s 个。")
                    % {"max": len(OPTION_LETTERS), "count": len(answers)},
                    "题",
                )
            ]
        for index, (text, _fraction) in enumerate(answers):
            values[f"option_{OPTION_LETTERS[index]}"] = text
        values["answer"] = "".join(OPTION_LETTERS[i] for i, (_t, fraction) in enumerate(answers) if fraction > 0)
    question, problems = row_to_question(number, values, name)
    problems = [replace(problem, unit="题") for problem in problems]
    return question, problems
