"""Safe spreadsheet writing shared by every export (question banks, rosters, results, reward ledgers).

Text that a spreadsheet would run as a formula (= + - @, or a tab / carriage return hiding one) is
CSV/Excel injection. In .xlsx such text is written as a cell typed *string*, so Excel shows exactly
the text and never evaluates it — no apostrophe for users to see. CSV has no cell types, so there
the text gets OWASP's leading apostrophe (``safe_cell_value``), for our CSVs and Wagtail's own
listing exports alike (``guard_wagtail_csv_exports``, installed once at start-up).
"""

from collections.abc import Iterable
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA_STARTS)


def safe_cell_value(value: Any) -> Any:
    """For CSV: neutralise text that a spreadsheet would run as a formula.

    Numbers, dates and booleans pass through; text starting with = + - @ (or a tab or carriage
    return that could hide one) gets a leading apostrophe, OWASP's advice. Importers undo exactly
    this with ``unguard_cell_value`` (also for .xlsx files exported before cells were typed).
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cell(ws, value: Any) -> WriteOnlyCell:
    """A write-only cell; formula-like text is typed as a string, so it shows as written."""
    cell = WriteOnlyCell(ws, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
    return cell


def unguard_cell_value(value: Any) -> Any:
    """Undo ``safe_cell_value``: drop the apostrophe that guards a formula-like text."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_STARTS):
        return value[1:]
    return value


def workbook_write(
    rows: Iterable[Iterable[Any]], *, headers: list[str], title: str = "Sheet1", widths: list[int] | None = None
) -> bytes:
    """Write ``rows`` under ``headers`` into a write-only workbook (constant memory) and return its bytes."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title)
    if widths:
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = xlsx_cell(ws, header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append([xlsx_cell(ws, value) for value in row])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An attachment response for an .xlsx file whose name may be Chinese."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def guard_wagtail_csv_exports() -> None:
    """Give every Wagtail listing's CSV export (site history, each viewset's "下载 CSV") the formula
    guard. Wagtail already types formula-like xlsx cells as strings but writes CSV values as they
    are; ``SpreadsheetExportMixin`` is the one place all those exports pass through."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "formula_guarded", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return safe_cell_value(value) if export_format == self.FORMAT_CSV else value

    preprocess_field_value.formula_guarded = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
