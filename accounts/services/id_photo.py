"""The candidate's ID photo (证件照): checked by content, re-encoded as JPEG, kept in private storage."""

import io
import uuid
import warnings

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from edu_platform.audit import audit_log

from ..errors import AccountError
from ..models import User

ID_PHOTO_MAX_BYTES = 5 * 1024 * 1024
ID_PHOTO_MIN_SIZE = (200, 250)  # width, height in pixels: enough to print 25×35 mm legibly
# Far above any phone photo, far below what a decompression bomb needs.
ID_PHOTO_MAX_PIXELS = 40_000_000
ID_PHOTO_GUIDANCE = gettext_lazy(
    "请上传白色背景、近期免冠正面照，JPG 或 PNG 格式，不超过 5 MB，至少 200×250 像素；准考证将自动显示。"
)


def _id_photo_jpeg(data: bytes) -> bytes:
    """Decode, check and re-encode the upload; only fresh pixels leave here (EXIF, GPS, ICC dropped)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            fmt = image.format
            if fmt not in ("JPEG", "PNG"):
                raise AccountError(_("证件照只接受 JPG 或 PNG 格式的图片，请换一张照片。"), field="id_photo")
            if image.width * image.height > ID_PHOTO_MAX_PIXELS:
                raise AccountError(_("照片像素过多（超过 4000 万像素），请缩小后再上传。"), field="id_photo")
            image = ImageOps.exif_transpose(image)
            image.load()
        except AccountError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise AccountError(_("照片尺寸异常，已拒收，请换一张照片。"), field="id_photo") from None
        except Exception:
            raise AccountError(
                _("上传的文件不是可读取的图片，请上传 JPG 或 PNG 格式的证件照。"), field="id_photo"
            ) from None
    min_w, min_h = ID_PHOTO_MIN_SIZE
    if image.width < min_w or image.height < min_h:
        raise AccountError(
            _("照片太小（%(w)d×%(h)d 像素），请上传至少 %(min_w)d×%(min_h)d 像素的证件照。")
            % {"w": image.width, "h": image.height, "min_w": min_w, "min_h": min_h},
            field="id_photo",
        )
    if image.mode in ("RGBA", "LA", "P"):
        # Transparent PNGs get the white background an ID photo needs, not black.
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    elif image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # A fresh image carries no info dict, so nothing of the original metadata survives.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=90)
    return out.getvalue()


@transaction.atomic
def user_id_photo_set(*, user: User, uploaded) -> User:
    """Store (or replace) a person's ID photo after checking it by content; the old file is deleted.

    Raises ``AccountError`` (field ``id_photo``) with a Chinese message saying what to change.
    """
    if uploaded is None:
        raise AccountError(_("请选择要上传的证件照。"), field="id_photo")
    if uploaded.size > ID_PHOTO_MAX_BYTES:
        raise AccountError(_("照片超过 5 MB，请压缩后再上传。"), field="id_photo")
    data = _id_photo_jpeg(uploaded.read())
    user = User.objects.select_for_update().get(pk=user.pk)
    old_name = user.id_photo.name if user.id_photo else ""
    # A random name: the file name says nothing about the person and a replacement never collides.
    user.id_photo.save(f"{uuid.uuid4().hex}.jpg", ContentFile(data), save=False)
    user.save(update_fields=["id_photo"])
    if old_name:
        storage = user.id_photo.storage
        transaction.on_commit(lambda: storage.delete(old_name))
    audit_log(
        "accounts.id_photo.updated", target=user, actor=user, data={"action": "replaced" if old_name else "uploaded"}
    )
    return user


@transaction.atomic
def user_id_photo_remove(*, user: User) -> User:
    """Remove a person's ID photo (file and field); doing it twice is harmless."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.id_photo:
        return user
    name, storage = user.id_photo.name, user.id_photo.storage
    user.id_photo = ""
    user.save(update_fields=["id_photo"])
    transaction.on_commit(lambda: storage.delete(name))
    audit_log("accounts.id_photo.updated", target=user, actor=user, data={"action": "removed"})
    return user
