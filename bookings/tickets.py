"""Ticket numbers, the signed code in the QR, the QR image, the .ics file and the PDF."""

import datetime
import io
import secrets
from functools import lru_cache
from pathlib import Path

import segno
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import BookingError

SALT = "bookings.ticket"


def ticket_number_new(session) -> str:
    """准考证号: YM + exam date + 8 random digits (unique constraint catches the 1-in-10^8 clash)."""
    return f"YM{session.date:%y%m%d}{secrets.randbelow(10**8):08d}"


def ticket_code(ticket_number: str) -> str:
    """The signed code the QR holds: the ticket number and a signature only this server can make."""
    return signing.Signer(salt=SALT).sign(ticket_number)


def ticket_number_from_code(code: str) -> str:
    """The ticket number in a scanned code or typed number; a forged or altered code is refused."""
    code = (code or "").strip()
    if not code:
        raise BookingError(_("请扫描准考证二维码或输入准考证号。"))
    if ":" in code:
        try:
            return signing.Signer(salt=SALT).unsign(code)
        except signing.BadSignature:
            raise BookingError(_("二维码无效：签名校验失败，可能是伪造或被改动的准考证。")) from None
    return code.upper()


def qr_svg(ticket_number: str) -> str:
    qr = segno.make(ticket_code(ticket_number), error="m")
    buffer = io.BytesIO()
    qr.save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, title=_("准考证二维码"), svgclass=None, lineclass=None
    )
    return buffer.getvalue().decode()


def _ics_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ticket_ics(booking) -> bytes:
    session = booking.session
    fmt = "%Y%m%dT%H%M%SZ"
    utc = datetime.UTC
    start = session.starts_at.astimezone(utc).strftime(fmt)
    end = session.ends_at.astimezone(utc).strftime(fmt)
    stamp = timezone.now().astimezone(utc).strftime(fmt)
    description = _("准考证号：%(ticket)s。请携带身份证原件提前30分钟到达。") % {"ticket": booking.ticket_number}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Yunmeng//Exam Booking//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{booking.ticket_number}@yunmeng-exam",
        f"DTSTAMP:{stamp}",
        f"DTSTART:{start}",
        f"DTEND:{end}",
        f"SUMMARY:{_ics_escape(_('考试：%(subject)s') % {'subject': booking.subject.name})}",
        f"LOCATION:{_ics_escape(session.centre.name + ' ' + session.room.name + '，' + session.centre.address)}",
        f"DESCRIPTION:{_ics_escape(description)}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return None


def ticket_pdf(booking, lines: list[tuple[str, str]], rules: list[str]) -> bytes | None:
    """An A4 PDF of the ticket drawn with Pillow, or None when no CJK font is installed."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = cjk_font_path()
    if font_path is None:
        return None
    width, height = 1240, 1754  # A4 at 150 dpi
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    title_font = ImageFont.truetype(font_path, 56)
    font = ImageFont.truetype(font_path, 34)
    small = ImageFont.truetype(font_path, 28)
    draw.text((width // 2, 110), _("安全生产考试准考证"), font=title_font, fill="black", anchor="mm")
    # Photo placeholder box, as on the printed page.
    draw.rectangle((940, 200, 1140, 460), outline="black", width=3)
    draw.text((1040, 330), _("照片"), font=font, fill="#555555", anchor="mm")
    y = 210
    for label, value in lines:
        draw.text((100, y), f"{label}：{value}", font=font, fill="black")
        y += 62
    qr = segno.make(ticket_code(booking.ticket_number), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=8, border=2)
    buffer.seek(0)
    qr_img = Image.open(buffer).convert("RGB")
    page.paste(qr_img, (940, 500))
    y = max(y, 500 + qr_img.height) + 40
    draw.text((100, y), _("考试须知"), font=font, fill="black")
    y += 56
    for rule in rules:
        draw.text((100, y), f"· {rule}", font=small, fill="black")
        y += 46
    out = io.BytesIO()
    page.save(out, "PDF", resolution=150.0)
    return out.getvalue()
