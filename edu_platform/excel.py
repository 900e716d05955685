"""Safe Excel writing shared by every export (question banks, rosters, results, reward ledgers)."""

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


def safe_cell_value(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (CSV/Excel injection).

    Numbers, dates and booleans pass through; text starting with = + - @ (or a tab or carriage
    return that could hide one) gets a leading apostrophe, OWASP's advice. Importers undo exactly
    this with ``unguard_cell_value`` so an export imports back unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


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
        cell = WriteOnlyCell(ws, value=safe_cell_value(header))
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append([safe_cell_value(value) for value in row])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """An attachment response for an .xlsx file whose name may be Chinese."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
