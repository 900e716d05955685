import io
import logging
import math

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from PIL import Image, PngImagePlugin

from tipoffs import crypto
from tipoffs.crypto import ALPHABET, receipt_code_new, receipt_code_normalise
from tipoffs.models import TipOff, TipOffAttachment
from tipoffs.selectors import tipoff_by_receipt_code
from tipoffs.uploads import UploadRejected, sanitise_upload, sanitise_uploads

from .helpers import form_data, jpeg_with_gps, real_name, submit

pytestmark = pytest.mark.django_db

CLIENT_IP = "203.0.113.77"
CLIENT_UA = "Mozilla/5.0 (TipoffTest; UniqueAgent/9.9)"


def _db_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_receipt_code_has_at_least_80_bits_and_an_unambiguous_alphabet():
    codes = {receipt_code_new() for _ in range(500)}
    assert len(codes) == 500
    assert len(set(ALPHABET)) == 32 and not set("ILOU") & set(ALPHABET)
    assert all(len(c) == 20 and set(c) <= set(ALPHABET) for c in codes)
    assert 20 * math.log2(len(ALPHABET)) >= 80


def test_lookup_normalises_case_spaces_hyphens_and_lookalikes():
    tipoff, code = submit()
    typed = "-".join(code[i : i + 4] for i in range(0, 20, 4)).lower()
    typed = typed.replace("1", "l").replace("0", "o")
    assert tipoff_by_receipt_code(typed) == tipoff
    assert tipoff_by_receipt_code(" " + code.lower() + " ") == tipoff
    assert tipoff_by_receipt_code(code[:-1]) is None
    assert receipt_code_normalise("not a code") == ""


def test_receipt_code_is_stored_nowhere_logged_nowhere_mailed_nowhere(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post("/tipoffs/report/", form_data(), REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=CLIENT_UA)
    assert response.status_code == 200
    code = response.context["code"].replace(" ", "")
    tipoff = TipOff.objects.get()
    assert tipoff.receipt_hash != code and len(tipoff.receipt_hash) == 64
    dump = _db_dump()
    assert code not in dump and response.context["code"] not in dump
    assert code not in caplog.text
    assert all(code not in (m.body + m.subject) for m in mail.outbox)


def test_reporter_gets_an_sms_that_names_the_number_but_never_the_code_or_place(django_capture_on_commit_callbacks):
    from accounts.sms import LocmemSMSBackend
    from tipoffs import services

    from .helpers import handler

    LocmemSMSBackend.outbox.clear()
    tipoff, code = submit(identity=real_name(mobile="13912345678"), place_name="某危化品仓库")
    anonymous, _ = submit()
    staff = handler()
    with django_capture_on_commit_callbacks(execute=True):
        services.tipoff_accept(tipoff=tipoff, actor=staff)
        services.tipoff_message_send(tipoff=tipoff, actor=staff, body="请补充")
        services.tipoff_accept(tipoff=anonymous, actor=staff)
    assert len(LocmemSMSBackend.outbox) == 2
    for phone, text in LocmemSMSBackend.outbox:
        assert phone == "13912345678" and tipoff.number in text
        assert code not in text and "某危化品仓库" not in text


def test_no_ip_address_or_user_agent_anywhere_in_the_database(client, caplog):
    caplog.set_level(logging.DEBUG)
    data = form_data(anonymous="0", **real_name(), files=[jpeg_with_gps()])
    response = client.post(
        "/tipoffs/report/", data, REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=CLIENT_UA, HTTP_X_FORWARDED_FOR=CLIENT_IP
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    code = response.context["code"]
    client.post("/tipoffs/follow/", {"code": code}, REMOTE_ADDR=CLIENT_IP, HTTP_USER_AGENT=CLIENT_UA)
    dump = _db_dump()
    assert TipOff.objects.count() == 1 and TipOffAttachment.objects.count() == 1
    for needle in (CLIENT_IP, CLIENT_UA, "UniqueAgent"):
        assert needle not in dump
        assert needle not in caplog.text
    with connection.cursor() as cursor:  # raw tables too, including sessions
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                flat = " ".join(str(v) for v in row)
                assert CLIENT_IP not in flat and "UniqueAgent" not in flat, table


def test_identity_is_encrypted_at_rest():
    tipoff, _ = submit(identity=real_name(name="李四保密"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT identity_ciphertext FROM tipoffs_tipoff WHERE id = %s", [tipoff.pk])
        raw = bytes(cursor.fetchone()[0])
    assert "李四保密".encode() not in raw and b"11010519491231002X" not in raw and b"13800138000" not in raw
    assert crypto.decrypt_json(raw)["real_name"] == "李四保密"
    assert not tipoff.is_anonymous


def test_key_rotation_re_encrypts_with_the_new_key(settings):
    from cryptography.fernet import Fernet, InvalidToken

    old_key = settings.FIELD_ENCRYPTION_KEY
    tipoff, _ = submit(identity=real_name())
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = f"{new_key},{old_key}"
    call_command("tipoffs_rotate_key", stdout=io.StringIO())
    settings.FIELD_ENCRYPTION_KEY = new_key  # old key retired
    tipoff.refresh_from_db()
    assert crypto.decrypt_json(tipoff.identity_ciphertext)["real_name"] == "张三"
    settings.FIELD_ENCRYPTION_KEY = old_key
    with pytest.raises(InvalidToken):
        crypto.decrypt_json(tipoff.identity_ciphertext)


def test_jpeg_gps_exif_is_gone_and_original_bytes_never_stored():
    upload = jpeg_with_gps()
    original = upload.read()
    upload.seek(0)
    tipoff, _ = submit(files=[upload])
    attachment = tipoff.attachments.get()
    stored = attachment.file.read()
    assert stored != original
    assert b"SecretPhoneMaker" not in stored and b"Exif" not in stored
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif() and "exif" not in image.info
    assert attachment.content_type == "image/jpeg" and attachment.size == len(stored)


def test_png_text_chunks_are_dropped():
    image = Image.new("RGBA", (20, 20), (0, 0, 255, 128))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 30.95N 113.75E owner=someone")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    clean = sanitise_upload(SimpleUploadedFile("shot.png", out.getvalue()))
    data = clean.content.read()
    assert b"owner=someone" not in data and b"tEXt" not in data
    assert Image.open(io.BytesIO(data)).size == (20, 20)


def test_exe_named_jpg_is_refused():
    exe = SimpleUploadedFile("holiday.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, content_type="image/jpeg")
    with pytest.raises(UploadRejected, match="内容不是可接受的类型"):
        sanitise_upload(exe)


def test_pdf_checked_by_content_is_accepted_and_named_safely():
    pdf = SimpleUploadedFile("../../etc/报告<script>.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    clean = sanitise_upload(pdf)
    assert clean.content_type == "application/pdf"
    assert "/" not in clean.display_name and "<" not in clean.display_name and clean.display_name.endswith(".pdf")


def test_decompression_bomb_is_refused_with_a_clear_message():
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, format="PNG")  # tiny file, 144 megapixels
    with pytest.raises(UploadRejected, match=r"像素|压缩炸弹"):
        sanitise_upload(SimpleUploadedFile("bomb.png", out.getvalue()))


def test_size_and_count_caps(settings):
    settings.TIPOFFS_MAX_FILE_BYTES = 1000
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    with pytest.raises(UploadRejected, match="超过"):
        sanitise_upload(big)
    many = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n") for i in range(11)]
    with pytest.raises(UploadRejected, match="最多上传 10 个"):
        sanitise_uploads(many)


def test_every_tipoff_page_is_no_store(client):
    for response in (
        client.get("/tipoffs/"),
        client.get("/tipoffs/report/"),
        client.get("/tipoffs/follow/"),
        client.post("/tipoffs/follow/", {"code": "X" * 20}),
        client.post("/tipoffs/report/", form_data()),
    ):
        assert "no-store" in response["Cache-Control"]


def test_attachments_are_stored_outside_media_with_no_public_url(settings):
    from pathlib import Path

    tipoff, _ = submit(files=[jpeg_with_gps()])
    attachment = tipoff.attachments.get()
    path = Path(attachment.file.path)
    assert path.is_relative_to(Path(settings.TIPOFFS_PRIVATE_ROOT)) and path.exists()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018
