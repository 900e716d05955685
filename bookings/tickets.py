"""Ticket numbers, the signed code in the QR, the QR image, the .ics file and the vector PDF."""

import datetime
import io
import secrets

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from reportlab.lib.units import mm

from edu_platform import pdf

from .errors import BookingError

SALT = "bookings.ticket"


def ticket_number_new(session) -> str:
    """准考证号: YM + exam date + 8 random digits (unique constraint catches the 1-in-10^8 clash)."""
    return f"YM{session.date:%y%m%d}{secrets.randbelow(10**8):08d}"


def ticket_code(ticket_number: str) -> str:
    """The signed code the QR holds: the ticket number and a signature only this server can make.

    The ticket page's SVG and the PDF's vector QR both encode exactly this string.
    """
    return signing.Signer(salt=SALT).sign(ticket_number)


def ticket_number_from_code(code: str) -> str:
    """The ticket number in a scanned code or typed number; a forged or altered code is refused."""
    code = (code or "").strip()
    if not code:
        raise BookingError(_("请扫描准考证二维码或输入准考证号。"), field="code")
    if ":" in code:
        try:
            return signing.Signer(salt=SALT).unsign(code)
        except signing.BadSignature:
            raise BookingError(_("二维码无效：签名校验失败，可能是伪造或被改动的准考证。"), field="code") from None
    return code.upper()


def ticket_url(ticket_number: str, *, base_url: str | None = None) -> str:
    """The absolute address of the ticket page (the PDF links to it)."""
    base = (base_url or getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "").rstrip("/")
    return base + reverse("bookings:ticket", args=[ticket_number])


def qr_svg(ticket_number: str) -> str:
    qr = segno.make(ticket_code(ticket_number), error="m")
    buffer = io.BytesIO()
    qr.save(
        buffer, kind="svg", scale=5, border=2, xmldecl=False, title=_("准考证二维码"), svgclass=None, lineclass=None
    )
    return buffer.getvalue().decode()


# --- calendar ------------------------------------------------------------------------------------


def ticket_ics(booking) -> bytes:
    """The exam as an iCalendar event; icalendar folds long lines at 75 octets (RFC 5545 §3.1)."""
    session = booking.session
    calendar = Calendar()
    calendar.add("prodid", "-//Yunmeng//Exam Booking//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.ticket_number}@yunmeng-exam")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add("summary", _("考试：%(subject)s") % {"subject": booking.subject.name})
    event.add("location", f"{session.centre.name} {session.room.name}，{session.centre.address}")
    description = _("准考证号：%(ticket)s。请携带身份证原件提前30分钟到达。") % {"ticket": booking.ticket_number}
    if booking.seat_number:
        description += _("考场：%(room)s，座位号：%(seat)s。") % {
            "room": session.room.name,
            "seat": booking.seat_number,
        }
    event.add("description", description)
    calendar.add_component(event)
    return calendar.to_ical()


# --- PDF -----------------------------------------------------------------------------------------

QR_FORM = "ticketqr"


def ticket_pdf(
    booking,
    *,
    lines: list[tuple[str, str]],
    rules: list[str],
    url: str,
    photo=None,
    photo_missing_text: str = "",
) -> bytes:
    """The A4 admission ticket as a vector PDF (real text, vector QR, a few KB).

    ``url`` (the ticket page) is a link annotation over the QR and printed under it; ``photo`` is the
    candidate's ID photo (file object), drawn in the photo box when given.
    """
    width, height = pdf.PAGE_SIZE
    margin = pdf.SAFE_MARGIN
    buffer = io.BytesIO()
    canvas = pdf.new_canvas(buffer, title=_("准考证 %(ticket)s") % {"ticket": booking.ticket_number})
    font = pdf.cjk_font()

    top = height - margin
    canvas.setFont(font, 20)
    canvas.drawCentredString(width / 2, top - 20, _("安全生产考试准考证"))
    canvas.setLineWidth(0.8)
    canvas.line(margin, top - 34, width - margin, top - 34)

    # Right column: photo box, then the QR code.
    side = 40 * mm
    side_x = width - margin - side
    photo_h = side * 1.3
    photo_top = top - 48
    canvas.setLineWidth(0.5)
    canvas.rect(side_x, photo_top - photo_h, side, photo_h, stroke=1, fill=0)
    if photo is None or not pdf.draw_image_fit(
        canvas, photo, x=side_x + 2, y=photo_top - photo_h + 2, width=side - 4, height=photo_h - 4
    ):
        pdf.draw_paragraph(
            canvas,
            photo_missing_text,
            x=side_x + 6,
            y=photo_top - 20,
            width=side - 12,
            size=8,
        )
    qr_top = photo_top - photo_h - 10
    pdf.draw_qr(canvas, ticket_code(booking.ticket_number), x=side_x, y=qr_top - side, size=side, name=QR_FORM)
    canvas.linkURL(url, (side_x, qr_top - side, side_x + side, qr_top), relative=0)
    canvas.setFont(font, 8)
    canvas.drawCentredString(side_x + side / 2, qr_top - side - 10, _("入场签到二维码"))
    below_qr = pdf.draw_paragraph(canvas, url, x=side_x, y=qr_top - side - 22, width=side, size=6.5, leading=8)

    # Left column: the ticket's lines.
    y = top - 66
    text_width = side_x - margin - 12
    label_width = 62
    for label, value in lines:
        canvas.setFont(font, 11)
        canvas.drawString(margin, y, f"{label}：")
        y = pdf.draw_paragraph(canvas, value, x=margin + label_width, y=y, width=text_width - label_width, size=11)
        y -= 4

    y = min(y, below_qr) - 12
    canvas.setFont(font, 13)
    canvas.drawString(margin, y, _("考试须知"))
    y -= 20
    for number, rule in enumerate(rules, start=1):
        y = pdf.draw_paragraph(canvas, f"{number}. {rule}", x=margin, y=y, width=width - 2 * margin, size=10)
        y -= 2
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
