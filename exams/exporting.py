"""Writing questions out: the canonical Excel template (DESIGN §4), Moodle XML and GIFT.

Each writer takes a queryset of questions and streams it (``iterator()``), so a 20,000-question
bank does not sit in memory as model instances.
"""

from collections.abc import Iterator
from xml.sax.saxutils import escape

from edu_platform.excel import workbook_write

from .models import QuestionType
from .models.banks import OPTION_LETTERS

MIN_EXPORT_OPTIONS = 6  # 选项A…选项F always, more if a question uses them
TYPE_LABELS = {QuestionType.TRUE_FALSE: "判断题", QuestionType.SINGLE: "单选题", QuestionType.MULTIPLE: "多选题"}
FIELDS = ("external_id", "type", "stem", "options", "answer", "explanation", "difficulty", "chapter__path")


def _rows(queryset) -> Iterator[dict]:
    return queryset.order_by("pk").values(*FIELDS).iterator(chunk_size=2000)


def export_headers(option_count: int) -> list[str]:
    return [
        "编号",
        "题型",
        "题干",
        *[f"选项{OPTION_LETTERS[i]}" for i in range(option_count)],
        "答案",
        "解析",
        "难度",
        "章节",
    ]


def questions_xlsx(queryset) -> bytes:
    """The canonical template: importing it into an empty bank gives the same questions."""
    option_count = MIN_EXPORT_OPTIONS
    for (options,) in (
        queryset.filter(type__in=[QuestionType.SINGLE, QuestionType.MULTIPLE]).values_list("options").iterator()
    ):
        option_count = max(option_count, len(options or []))

    def rows():
        for q in _rows(queryset):
            options = [] if q["type"] == QuestionType.TRUE_FALSE else list(q["options"] or [])
            options += [""] * (option_count - len(options))
            answer = q["answer"]
            if q["type"] == QuestionType.TRUE_FALSE:
                answer = "正确" if answer == "A" else "错误"
            row = [
                q["external_id"],
                TYPE_LABELS[q["type"]],
                q["stem"],
                *options,
                answer,
                q["explanation"],
                q["difficulty"],
                q["chapter__path"],
            ]
            # Empty cells are left out of the sheet (None), which keeps big files quick to read back.
            yield [value if value != "" else None for value in row]

    widths = [12, 8, 60, *([20] * option_count), 8, 40, 6, 24]
    return workbook_write(rows(), headers=export_headers(option_count), title="题库", widths=widths)


# --- Moodle XML -------------------------------------------------------------------------------


def _moodle_category(path: str) -> str:
    return "$course$/top" + (f"/{path}" if path else "")


def _text(tag: str, value: str, attrs: str = "") -> str:
    return f"<{tag}{attrs}><text>{escape(value)}</text></{tag}>"


def questions_moodle_xml(queryset) -> Iterator[str]:
    """Moodle XML (multichoice single/multiple, truefalse), grouped into categories by chapter."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
    current = None
    for q in _rows(queryset.order_by("chapter__path", "pk")):
        path = q["chapter__path"] or ""
        if path != current:
            current = path
            category = escape(_moodle_category(path))
            yield f'<question type="category"><category><text>{category}</text></category></question>\n'
        name = q["external_id"] or q["stem"][:40]
        parts = [
            _text("name", name),
            _text("questiontext", q["stem"], ' format="plain_text"'),
            _text("generalfeedback", q["explanation"], ' format="plain_text"'),
            "<defaultgrade>1</defaultgrade><penalty>0</penalty><hidden>0</hidden>",
            f"<idnumber>{escape(q['external_id'])}</idnumber>",
        ]
        if q["type"] == QuestionType.TRUE_FALSE:
            kind = "truefalse"
            right = q["answer"] == "A"
            parts.append(
                f'<answer fraction="{100 if right else 0}" format="moodle_auto_format"><text>true</text></answer>'
            )
            parts.append(
                f'<answer fraction="{0 if right else 100}" format="moodle_auto_format"><text>false</text></answer>'
            )
        else:
            kind = "multichoice"
            single = q["type"] == QuestionType.SINGLE
            correct = set(q["answer"])
            share = 100 / len(correct)
            parts.append(f"<single>{'true' if single else 'false'}</single>")
            parts.append("<shuffleanswers>true</shuffleanswers><answernumbering>ABCD</answernumbering>")
            for index, option in enumerate(q["options"]):
                is_right = OPTION_LETTERS[index] in correct
                fraction = f"{share:.5f}".rstrip("0").rstrip(".") if is_right else ("0" if single else "-100")
                parts.append(
                    f'<answer fraction="{fraction}" format="plain_text"><text>{escape(option)}</text></answer>'
                )
        parts.append(f"<tags><tag><text>难度:{q['difficulty']}</text></tag></tags>")
        yield f'<question type="{kind}">' + "".join(parts) + "</question>\n"
    yield "</quiz>\n"


# --- GIFT -------------------------------------------------------------------------------------

_GIFT_SPECIAL = str.maketrans({c: "\\" + c for c in "~=#{}:\\"} | {"\n": "\\n"})


def gift_escape(text: str) -> str:
    return text.translate(_GIFT_SPECIAL)


def questions_gift(queryset) -> Iterator[str]:
    """GIFT: ``$CATEGORY`` lines per chapter; the 难度 rides in a ``// 难度:n`` comment."""
    current = None
    for q in _rows(queryset.order_by("chapter__path", "pk")):
        path = q["chapter__path"] or ""
        if path != current:
            current = path
            yield f"$CATEGORY: {_moodle_category(path)}\n\n"
        title = f"::{gift_escape(q['external_id'])}::" if q["external_id"] else ""
        feedback = f"####{gift_escape(q['explanation'])}" if q["explanation"] else ""
        if q["type"] == QuestionType.TRUE_FALSE:
            body = ("TRUE" if q["answer"] == "A" else "FALSE") + feedback
        elif q["type"] == QuestionType.SINGLE:
            choices = [
                ("=" if OPTION_LETTERS[i] == q["answer"] else "~") + gift_escape(option)
                for i, option in enumerate(q["options"])
            ]
            body = " ".join(choices) + feedback
        else:
            correct = set(q["answer"])
            share = f"{100 / len(correct):.5f}".rstrip("0").rstrip(".")
            choices = [
                f"~%{share if OPTION_LETTERS[i] in correct else '-100'}%{gift_escape(option)}"
                for i, option in enumerate(q["options"])
            ]
            body = " ".join(choices) + feedback
        yield f"// 难度:{q['difficulty']}\n{title}{gift_escape(q['stem'])} {{{body}}}\n\n"
