"""The printable certificate: a vector PDF (real text, vector QR) with ReportLab's built-in CID font.

``STSong-Light`` is one of the Adobe Asian fonts every PDF reader carries, so nothing is embedded and
no font file is needed on the server; the file stays a few KB. Everything sits inside a margin of at
least ``MARGIN`` (15 mm) so a printer's unprintable edge cuts nothing; the QR code opens the public
verification page, and the same URL is a link annotation for screen readers and on-screen use.
"""

from io import BytesIO

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"
MARGIN = 15 * mm
QR_SIZE = 38 * mm
ISSUER = "云梦县应急管理局"

if FONT not in pdfmetrics.getRegisteredFontNames():
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def qr_drawing(url: str, size: float = QR_SIZE) -> Drawing:
    """A vector QR code of ``url``, ``size`` points square (quiet zone included)."""
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def certificate_lines(certificate) -> list[tuple[str, str]]:
    lines = [
        ("证书编号", certificate.number),
        ("姓名", certificate.holder_name),
        ("证书类型", certificate.get_kind_display()),
        ("操作项目" if certificate.kind == "special_operation" else "人员类别", certificate.category),
    ]
    if certificate.operation_group:
        lines.append(("作业类别", certificate.operation_group))
    if certificate.enterprise_name:
        lines.append(("单位", certificate.enterprise_name))
    lines += [
        ("初领日期", f"{certificate.issued_on:%Y-%m-%d}"),
        ("有效期至", f"{certificate.valid_until:%Y-%m-%d}"),
    ]
    if certificate.next_review_due:
        lines.append(("下次复审日期", f"{certificate.next_review_due:%Y-%m-%d}"))
    return lines


def certificate_pdf(certificate, *, verify_url: str) -> bytes:
    """The certificate as one landscape A4 page of vector text and a vector QR code."""
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"{certificate.get_kind_display()} {certificate.number}")
    pdf.setAuthor(ISSUER)
    pdf.setLineWidth(1.2)
    pdf.rect(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN)
    pdf.setFont(FONT, 28)
    pdf.drawCentredString(width / 2, height - MARGIN - 22 * mm, certificate.get_kind_display())
    pdf.setFont(FONT, 14)
    y = height - MARGIN - 42 * mm
    left = MARGIN + 20 * mm
    for label, value in certificate_lines(certificate):
        pdf.drawString(left, y, f"{label}：{value}")
        y -= 10 * mm
    qr_x, qr_y = width - MARGIN - 8 * mm - QR_SIZE, MARGIN + 16 * mm
    renderPDF.draw(qr_drawing(verify_url), pdf, qr_x, qr_y)
    pdf.linkURL(verify_url, (qr_x, qr_y, qr_x + QR_SIZE, qr_y + QR_SIZE), relative=0)
    pdf.setFont(FONT, 9)
    pdf.drawCentredString(qr_x + QR_SIZE / 2, qr_y - 5 * mm, "扫码查验证书真伪")
    pdf.setFont(FONT, 12)
    pdf.drawString(left, MARGIN + 16 * mm, f"发证机关：{ISSUER}")
    pdf.setFont(FONT, 8)
    pdf.drawString(left, MARGIN + 8 * mm, f"查验网址：{verify_url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
