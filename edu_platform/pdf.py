"""Shared ReportLab helpers for printable documents (admission tickets, certificates).

Everything here is vector and needs no font file: Chinese text uses ReportLab's built-in CID font
``STSong-Light`` (Adobe-GB1, the PDF viewer supplies the glyphs), so a server without any CJK font
installed still writes a searchable, accessible PDF of a few KB. QR codes are drawn as filled
rectangles from segno's module matrix, inside a Form XObject, so they print sharp at any size and a
test can read the modules back. Nothing in this module knows about any app.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

CJK_FONT = "STSong-Light"
# Office printers cannot print the outer ~5 mm; 15 mm keeps every mark well inside the printable area.
SAFE_MARGIN = 15 * mm
MIN_PRINT_MARGIN = 10 * mm
PAGE_SIZE = A4


@cache
def cjk_font() -> str:
    """Register the built-in Chinese CID font once per process and return its name."""
    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


@dataclass(frozen=True)
class Run:
    """A horizontal run of dark QR modules: ``row`` from the top, ``start`` column, ``length``."""

    row: int
    start: int
    length: int


def qr_matrix(data: str, *, error: str = "m") -> list[list[bool]]:
    """The QR code for ``data`` as rows of dark (True) / light modules, without the quiet zone."""
    qr = segno.make(data, error=error, micro=False)
    return [[bool(module) for module in row] for row in qr.matrix]


def qr_runs(data: str, *, error: str = "m") -> list[Run]:
    """The dark modules of ``data``'s QR code merged into horizontal runs (what :func:`draw_qr` draws)."""
    runs = []
    for y, row in enumerate(qr_matrix(data, error=error)):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append(Run(y, start, x - start))
            else:
                x += 1
    return runs


def qr_form_name(name: str) -> str:
    """The PDF resource name ReportLab gives the Form XObject of a QR drawn as ``name``."""
    return f"/FormXob.{name}"


def draw_qr(canvas: Canvas, data: str, *, x: float, y: float, size: float, name: str = "qr", error: str = "m") -> float:
    """Draw ``data`` as a vector QR code with its lower-left corner at (x, y), ``size`` points wide.

    The code keeps the 4-module quiet zone the standard asks for inside ``size``. Returns the module
    size in points. The modules live in a Form XObject called ``name`` (see :func:`qr_form_name`).
    """
    matrix = qr_matrix(data, error=error)
    modules = len(matrix) + 8  # quiet zone of 4 modules on each side
    module = size / modules
    canvas.beginForm(name, lowerx=0, lowery=0, upperx=size, uppery=size)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for run in qr_runs(data, error=error):
        path.rect((run.start + 4) * module, size - (run.row + 5) * module, run.length * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()
    return module


def new_canvas(buffer: io.BytesIO, *, title: str, author: str = "", subject: str = "") -> Canvas:
    """An A4 canvas with document metadata set and the CJK font registered (compressed streams)."""
    canvas = Canvas(buffer, pagesize=PAGE_SIZE, pageCompression=1)
    canvas.setTitle(title)
    if author:
        canvas.setAuthor(author)
    if subject:
        canvas.setSubject(subject)
    canvas.setCreator("云梦应急宣教与考培平台")
    cjk_font()
    return canvas


def wrap_text(text: str, *, width: float, font: str, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points. Chinese has no spaces, so break by
    character; a run of Latin letters or digits (a ticket number, a URL) is kept together when it fits."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if pdfmetrics.stringWidth(line + token, font, size) <= width:
                line += token
                continue
            if line:
                lines.append(line)
                line = ""
            # A token longer than a whole line is split character by character.
            for char in token:
                if pdfmetrics.stringWidth(line + char, font, size) > width and line:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


def _tokens(text: str) -> Iterable[str]:
    word = ""
    for char in text:
        if char.isascii() and not char.isspace():
            word += char
            continue
        if word:
            yield word
            word = ""
        yield char
    if word:
        yield word


def draw_paragraph(
    canvas: Canvas, text: str, *, x: float, y: float, width: float, size: float = 11, leading: float | None = None
) -> float:
    """Draw wrapped text whose first baseline is at ``y``; returns the baseline below the last line."""
    font = cjk_font()
    leading = leading or size * 1.45
    canvas.setFont(font, size)
    for line in wrap_text(text, width=width, font=font, size=size):
        canvas.drawString(x, y, line)
        y -= leading
    return y


def draw_image_fit(canvas: Canvas, image, *, x: float, y: float, width: float, height: float) -> bool:
    """Draw an image (file object, path or bytes) scaled to fit the box, centred; False if unreadable."""
    if isinstance(image, bytes):
        image = io.BytesIO(image)
    try:
        reader = ImageReader(image)
        w, h = reader.getSize()
    except Exception:  # ReportLab/Pillow raise many types for a damaged image
        return False
    scale = min(width / w, height / h)
    dw, dh = w * scale, h * scale
    canvas.drawImage(reader, x + (width - dw) / 2, y + (height - dh) / 2, dw, dh)
    return True
