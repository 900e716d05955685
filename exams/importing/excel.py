"""Read a question-bank workbook (DESIGN §4) row by row, in constant memory (openpyxl read-only)."""

import datetime
from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from edu_platform.excel import unguard_cell_value

from ..services.banks import QuestionData
from .problems import ImportProblem
from .validate import HEADER_KEYS_REQUIRED, header_key, row_to_question

HEADER_SEARCH_ROWS = 10
PREFERRED_SHEET = "题库"


def cell_text(value: Any) -> str:
    """A cell as the text the author typed: numbers typed as numbers read as "110", not "110.0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(unguard_cell_value(str(value).strip()))


def _rewind(source) -> None:
    if hasattr(source, "seek"):
        source.seek(0)


def excel_rows(source: str | BinaryIO, progress=None) -> Iterator[tuple[int, QuestionData | None, list[ImportProblem]]]:
    """Yield ``(row_number, question_or_None, problems)`` for every non-empty data row.

    A problem with the file as a whole (not a workbook, no header row) is yielded once with
    row number 0.
    """
    _rewind(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:  # zip errors are ValueError/KeyError
        yield (
            0,
            None,
            [
                ImportProblem(
                    None,
                    "",
                    _("无法读取该文件，请上传 .xlsx 格式的 Excel 文件（%(error)s）。") % {"error": type(exc).__name__},
                )
            ],
        )
        return
    except Exception as exc:
        yield (
            0,
            None,
            [
                ImportProblem(
                    None,
                    "",
                    _("无法读取该文件，请确认它是完好的 .xlsx 文件（%(error)s）。") % {"error": type(exc).__name__},
                )
            ],
        )
        return
    try:
        sheet = workbook[PREFERRED_SHEET] if PREFERRED_SHEET in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns: dict[int, str] | None = None
        headers: dict[str, str] = {}
        for row_number, row in enumerate(rows, start=1):
            if columns is None:
                if row_number > HEADER_SEARCH_ROWS:
                    break
                found: dict[int, str] = {}
                for index, value in enumerate(row):
                    key = header_key(cell_text(value)) if value is not None else None
                    if key and key not in found.values():
                        found[index] = key
                        headers[key] = _("%(header)s（%(letter)s 列）") % {
                            "header": cell_text(value),
                            "letter": get_column_letter(index + 1),
                        }
                if all(key in found.values() for key in HEADER_KEYS_REQUIRED):
                    columns = found
                    names = dict(headers)

                    def column_namer(key: str, names=names) -> str:
                        return names.get(key, _default_name(key))

                else:
                    headers = {}
                continue
            values = {key: cell_text(row[index]) for index, key in columns.items() if index < len(row)}
            if not any(values.values()):
                continue
            question, problems = row_to_question(row_number, values, column_namer)
            if progress:
                progress(row_number)
            yield row_number, question, problems
        if columns is None:
            yield (
                0,
                None,
                [
                    ImportProblem(
                        None,
                        _("表头"),
                        _("工作表“%(sheet)s”的前 %(rows)s 行中没有同时包含“题型”“题干”“答案”三列的表头行。")
                        % {"sheet": sheet.title, "rows": HEADER_SEARCH_ROWS},
                    )
                ],
            )
    finally:
        workbook.close()


def _default_name(key: str) -> str:
    if key.startswith("option_"):
        return f"选项{key[-1]}"
    return {
        "external_id": "编号",
        "type": "题型",
        "stem": "题干",
        "answer": "答案",
        "explanation": "解析",
        "difficulty": "难度",
        "chapter": "章节",
    }[key]


def excel_row_count(source) -> int:
    """Rows in the chosen sheet as the file declares them (for the progress bar; may be 0 if unknown)."""
    _rewind(source)
    try:
        workbook = load_workbook(source, read_only=True)
    except Exception:
        return 0
    try:
        sheet = workbook[PREFERRED_SHEET] if PREFERRED_SHEET in workbook.sheetnames else workbook.worksheets[0]
        return sheet.max_row or 0
    finally:
        workbook.close()
