"""The printable certificate: one landscape A4 page of vector text and a vector QR code.

Built on ``edu_platform.pdf`` (built-in CID font ``STSong-Light``, no font file; QR as vector
modules in a Form XObject ``QR_FORM``). Everything sits inside the shared 15 mm safe margin; the QR
opens the public verification page, and the same URL is a link annotation for on-screen use.
"""

from io import BytesIO

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm

from edu_platform.pdf import PAGE_SIZE, SAFE_MARGIN, cjk_font, draw_qr, new_canvas

QR_FORM = "certificate_qr"
QR_SIZE = 38 * mm
PAGE = landscape(PAGE_SIZE)
ISSUER = "云梦县应急管理局"


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


def qr_position() -> tuple[float, float]:
    """Lower-left corner of the QR code: bottom right, inside the frame and the safe margin."""
    width, _height = PAGE
    return width - SAFE_MARGIN - 8 * mm - QR_SIZE, SAFE_MARGIN + 16 * mm


def certificate_pdf(certificate, *, verify_url: str) -> bytes:
    """The certificate as PDF bytes (a few KB); the holder's ID number is not printed."""
    buffer = BytesIO()
    kind = certificate.get_kind_display()
    pdf = new_canvas(buffer, title=f"{kind} {certificate.number}", author=ISSUER, subject=kind)
    pdf.setPageSize(PAGE)
    font = cjk_font()
    width, height = PAGE
    pdf.setLineWidth(1.2)
    pdf.rect(SAFE_MARGIN, SAFE_MARGIN, width - 2 * SAFE_MARGIN, height - 2 * SAFE_MARGIN)
    pdf.setFont(font, 28)
    pdf.drawCentredString(width / 2, height - SAFE_MARGIN - 22 * mm, kind)
    pdf.setFont(font, 14)
    y = height - SAFE_MARGIN - 42 * mm
    left = SAFE_MARGIN + 20 * mm
    for label, value in certificate_lines(certificate):
        pdf.drawString(left, y, f"{label}：{value}")
        y -= 10 * mm
    qr_x, qr_y = qr_position()
    draw_qr(pdf, verify_url, x=qr_x, y=qr_y, size=QR_SIZE, name=QR_FORM)
    pdf.linkURL(verify_url, (qr_x, qr_y, qr_x + QR_SIZE, qr_y + QR_SIZE), relative=0)
    pdf.setFont(font, 9)
    pdf.drawCentredString(qr_x + QR_SIZE / 2, qr_y - 5 * mm, "扫码查验证书真伪")
    pdf.setFont(font, 12)
    pdf.drawString(left, SAFE_MARGIN + 16 * mm, f"发证机关：{ISSUER}")
    pdf.setFont(font, 8)
    pdf.drawString(left, SAFE_MARGIN + 8 * mm, f"查验网址：{verify_url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
