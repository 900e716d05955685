"""Read and check an enterprise's staff list for bulk enrolment (.xlsx: 姓名, 手机号, 身份证号).

Reading rules follow the question template (DESIGN §4): the header row is the first of the first 10
rows that names all three columns; headers match ignoring spaces and full/half width; empty rows are
skipped; other columns are ignored. Every row is checked and every problem reported with its Excel
row and column, so the admin fixes the file once.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts.validators import normalize_id_number, normalize_mobile, validate_id_number, validate_mobile
from edu_platform.errors import Problem
from edu_platform.excel import workbook_write
from exams.importing.excel import cell_text

from .errors import CourseError

HEADER_SEARCH_ROWS = 10
HEADERS = ["姓名", "手机号", "身份证号"]
HEADER_ALIASES = {
    "real_name": {"姓名", "员工姓名", "学员姓名"},
    "phone": {"手机号", "手机号码", "手机", "移动电话", "联系电话"},
    "id_number": {"身份证号", "身份证号码", "公民身份号码", "居民身份证号码", "身份证"},
}
COLUMN_LABELS = {"real_name": "姓名", "phone": "手机号", "id_number": "身份证号"}
_SPACES = re.compile(r"\s+")


def upload_max_rows() -> int:
    return int(getattr(settings, "COURSES_UPLOAD_MAX_ROWS", 500))


@dataclass(frozen=True)
class StaffRow:
    """One checked row of the upload, with its Excel row number."""

    row: int
    real_name: str
    phone: str
    id_number: str


def _header_key(value: Any) -> str | None:
    folded = _SPACES.sub("", unicodedata.normalize("NFKC", cell_text(value)))
    for key, aliases in HEADER_ALIASES.items():
        if folded in aliases:
            return key
    return None


def _problem(row: int, column: str, message: str) -> Problem:
    return Problem(
        _("第 %(row)d 行“%(column)s”：%(message)s") % {"row": row, "column": column, "message": message},
        field="file",
        row=row,
        column=column,
    )


def _check_row(row: int, values: dict[str, str], seen: dict[str, dict[str, int]]) -> list[Problem]:
    problems = []
    name = values["real_name"]
    if not name:
        problems.append(_problem(row, "姓名", _("请填写员工姓名。")))
    elif len(name) > 50:
        problems.append(_problem(row, "姓名", _("姓名不能超过50个字。")))
    for key, validate in (("phone", validate_mobile), ("id_number", validate_id_number)):
        label = COLUMN_LABELS[key]
        if not values[key]:
            problems.append(_problem(row, label, _("请填写%(column)s。") % {"column": label}))
            continue
        try:
            validate(values[key])
        except ValidationError as error:
            problems.append(_problem(row, label, " ".join(error.messages)))
            continue
        first = seen[key].setdefault(values[key], row)
        if first != row:
            problems.append(_problem(row, label, _("与第 %(first)d 行重复，同一人只需填写一行。") % {"first": first}))
    return problems


def staff_rows_read(source: BinaryIO) -> list[StaffRow]:
    """Every data row of the upload, checked; raises ``CourseError`` with one problem per mistake."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises zip, XML and key errors for a file that is not a workbook
        raise CourseError(_("无法读取该文件，请上传用本页模板填写的 .xlsx 文件。"), field="file") from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns: dict[str, int] | None = None
        header_row = 0
        for header_row, cells in enumerate(rows, start=1):
            if header_row > HEADER_SEARCH_ROWS:
                break
            keys = {_header_key(value): index for index, value in enumerate(cells)}
            if all(key in keys for key in HEADER_ALIASES):
                columns = {key: keys[key] for key in HEADER_ALIASES}
                break
        if columns is None:
            raise CourseError(
                _("在前 %(n)d 行中没有找到表头：需要“姓名”“手机号”“身份证号”三列，请使用本页的模板。")
                % {"n": HEADER_SEARCH_ROWS},
                field="file",
            )
        problems: list[Problem] = []
        staff: list[StaffRow] = []
        seen: dict[str, dict[str, int]] = {"phone": {}, "id_number": {}}
        for number, cells in enumerate(rows, start=header_row + 1):
            raw = {key: cell_text(cells[index]) if index < len(cells) else "" for key, index in columns.items()}
            if not any(raw.values()):
                continue
            if len(staff) >= upload_max_rows():
                raise CourseError(
                    _("一次最多上传 %(n)d 人，请把名单分成几个文件上传。") % {"n": upload_max_rows()}, field="file"
                )
            values = {
                "real_name": raw["real_name"].strip(),
                "phone": normalize_mobile(raw["phone"]),
                "id_number": normalize_id_number(raw["id_number"]),
            }
            row_problems = _check_row(number, values, seen)
            problems += row_problems
            if not row_problems:
                staff.append(StaffRow(number, values["real_name"], values["phone"], values["id_number"]))
        if problems:
            raise CourseError(problems=problems)
        if not staff:
            raise CourseError(_("文件中没有员工数据：请在表头下方每行填写一名员工。"), field="file")
        return staff
    finally:
        workbook.close()


def staff_template() -> bytes:
    """The .xlsx template offered for download: the three headers and one example row (cells as text)."""
    example = [["张三", "13800138000", "11010519491231002X"]]
    return workbook_write(example, headers=HEADERS, title="员工名单", widths=[12, 16, 22])
