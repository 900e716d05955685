"""English mode: the ID-photo part of the profile and the ticket read in English (issue 13: English
mode mixed languages; the photo strings came after the English catalogue was last filled)."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bookings.services import booking_create
from tests.bookings import factories as bf

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(autouse=True)
def _private_photos(settings, tmp_path):
    settings.ACCOUNTS_PRIVATE_ROOT = tmp_path / "accounts-private"


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _photo_section(client) -> str:
    html = client.get(reverse("accounts:profile")).content.decode()
    return html.split('id="id-photo"', 1)[1].split("</section>", 1)[0]


def test_profile_photo_section_and_messages_are_english(client):
    user = bf.candidate("王小明")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    section = _photo_section(client)
    assert not CJK.search(_text(section)), _text(section)
    assert "Not uploaded yet" in section and "Choose ID photo" in section

    bad = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    page = client.post(reverse("accounts:id_photo_update"), {"id_photo": bad}, follow=True).content.decode()
    assert "The uploaded file is not a readable image" in page

    out = io.BytesIO()
    Image.new("RGB", (300, 400), "#eeeeee").save(out, "JPEG")
    good = SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")
    page = client.post(reverse("accounts:id_photo_update"), {"id_photo": good}, follow=True).content.decode()
    assert "ID photo saved" in page
    section = _photo_section(client)
    assert not CJK.search(_text(section)) and 'alt="My ID photo"' in section and "Replace ID photo" in section

    session = bf.session(capacity=5)
    booking = booking_create(candidate=user, session_id=session.pk, subject_id=session.subjects.first().pk)
    ticket = client.get(reverse("bookings:ticket", args=[booking.ticket_number])).content.decode()
    assert "Seat number" in ticket and "No. 1" in ticket and 'alt="Candidate ID photo"' in ticket
