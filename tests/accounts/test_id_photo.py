"""The candidate's ID photo (证件照): checked and re-encoded on upload, private, shown on the ticket."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from accounts.models import User
from accounts.services import AccountError, user_id_photo_remove, user_id_photo_set
from bookings.services import booking_create
from edu_platform.audit import audit_entries_for
from tests.bookings import factories as bf

from .factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_photos(settings, tmp_path):
    """Photos of each test go to its own temporary folder."""
    settings.ACCOUNTS_PRIVATE_ROOT = tmp_path / "accounts-private"


def _jpeg_with_gps(size=(300, 400)) -> bytes:
    image = Image.new("RGB", size, "#eeeeee")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 57.0, 0.0), 3: "E", 4: (113.0, 47.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the fixture really carries GPS"
    return data


def _upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _stored_bytes(user: User) -> bytes:
    user.refresh_from_db()
    with user.id_photo.open("rb") as handle:
        return handle.read()


def test_upload_stores_a_jpeg_without_exif_in_private_storage(client, settings):
    user = make_user("candidate")
    client.force_login(user)
    response = client.post(reverse("accounts:id_photo_update"), {"id_photo": _upload(_jpeg_with_gps())}, follow=True)
    assert "证件照已保存" in response.content.decode()
    stored = _stored_bytes(user)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (300, 400)
    assert not image.getexif() and "exif" not in image.info
    path = user.id_photo.path
    assert path.startswith(str(settings.ACCOUNTS_PRIVATE_ROOT.resolve()))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        user.id_photo.url  # noqa: B018 — no web server URL exists for it

    response = client.get(reverse("accounts:my_id_photo"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == stored
    assert 'src="/accounts/profile/id-photo.jpg"' in client.get(reverse("accounts:profile")).content.decode()


def test_a_png_is_accepted_and_stored_as_jpeg():
    user = make_user("candidate")
    out = io.BytesIO()
    Image.new("RGBA", (240, 300), (255, 0, 0, 0)).save(out, "PNG")
    user_id_photo_set(user=user, uploaded=_upload(out.getvalue(), "p.png", "image/png"))
    image = Image.open(io.BytesIO(_stored_bytes(user)))
    assert image.format == "JPEG"
    assert image.getpixel((10, 10)) == (255, 255, 255), "transparency becomes a white background"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not a photo at all", "不是可读取的图片"),
        (b"GIF89a" + b"\0" * 100, "不是可读取的图片"),
    ],
)
def test_a_non_image_is_refused_with_a_chinese_message(client, data, message):
    user = make_user("candidate")
    client.force_login(user)
    response = client.post(reverse("accounts:id_photo_update"), {"id_photo": _upload(data, "photo.jpg")}, follow=True)
    assert message in response.content.decode()
    user.refresh_from_db()
    assert not user.id_photo


def test_gif_small_and_oversized_photos_are_refused():
    user = make_user("candidate")
    gif = io.BytesIO()
    Image.new("RGB", (300, 400)).save(gif, "GIF")
    with pytest.raises(AccountError, match="JPG 或 PNG"):
        user_id_photo_set(user=user, uploaded=_upload(gif.getvalue(), "a.gif"))
    small = io.BytesIO()
    Image.new("RGB", (100, 120)).save(small, "JPEG")
    with pytest.raises(AccountError, match="照片太小"):
        user_id_photo_set(user=user, uploaded=_upload(small.getvalue()))
    big = _upload(b"\xff\xd8" + b"\0" * (5 * 1024 * 1024))
    with pytest.raises(AccountError, match="超过 5 MB"):
        user_id_photo_set(user=user, uploaded=big)
    user.refresh_from_db()
    assert not user.id_photo


def test_replace_and_remove_delete_the_old_file_and_are_audited(django_capture_on_commit_callbacks):
    user = make_user("candidate")
    user_id_photo_set(user=user, uploaded=_upload(_jpeg_with_gps()))
    user.refresh_from_db()
    first_path = user.id_photo.path
    with django_capture_on_commit_callbacks(execute=True):
        user_id_photo_set(user=user, uploaded=_upload(_jpeg_with_gps((400, 500))))
    user.refresh_from_db()
    assert user.id_photo.path != first_path
    assert not os.path.exists(first_path)
    second_path = user.id_photo.path
    with django_capture_on_commit_callbacks(execute=True):
        user_id_photo_remove(user=user)
    user.refresh_from_db()
    assert not user.id_photo and not os.path.exists(second_path)
    actions = [(e.action, e.data["action"]) for e in audit_entries_for(user)]
    assert actions == [
        ("accounts.id_photo.updated", "removed"),
        ("accounts.id_photo.updated", "replaced"),
        ("accounts.id_photo.updated", "uploaded"),
    ]


def test_only_the_person_and_exam_staff_can_fetch_a_photo(client):
    owner = make_user("owner")
    user_id_photo_set(user=owner, uploaded=_upload(_jpeg_with_gps()))
    url = reverse("accounts:id_photo", args=[owner.pk])

    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client.get(reverse("accounts:my_id_photo")).status_code == 302
    other = make_user("other")
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("accounts:my_id_photo")).status_code == 404  # the other's own: none on file
    client.force_login(owner)
    assert client.get(url).status_code == 404, "the staff URL is for staff, even for one's own photo"

    client.force_login(bf.exam_admin())
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("accounts:id_photo", args=[other.pk])).status_code == 404  # none on file
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    assert client.get(url).status_code == 200


def test_ticket_page_and_pdf_show_the_uploaded_photo(client):
    user = bf.candidate()
    session = bf.session(capacity=5)
    booking = booking_create(candidate=user, session_id=session.pk, subject_id=session.subjects.first().pk)
    client.force_login(user)
    ticket_url = reverse("bookings:ticket", args=[booking.ticket_number])
    photo_url = reverse("bookings:ticket_photo", args=[booking.ticket_number])
    pdf_url = reverse("bookings:ticket_pdf", args=[booking.ticket_number])

    html = client.get(ticket_url).content.decode()
    assert photo_url not in html
    assert 'href="/accounts/profile/#id-photo"' in html
    assert len(PdfReader(io.BytesIO(client.get(pdf_url).content)).pages[0].images) == 0

    user_id_photo_set(user=user, uploaded=_upload(_jpeg_with_gps()))
    html = client.get(ticket_url).content.decode()
    assert f'src="{photo_url}"' in html
    response = client.get(photo_url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    page = PdfReader(io.BytesIO(client.get(pdf_url).content)).pages[0]
    assert len(page.images) == 1
    assert "尚未上传证件照" not in page.extract_text()
