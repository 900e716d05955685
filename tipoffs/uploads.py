"""Attachment sanitising: images re-encoded in memory (EXIF/GPS gone), other types checked by content.

Nothing the reporter sent is written to disk until it has passed these checks; for images only the
re-encoded pixels are ever written.
"""

import hashlib
import io
import os
import re
import warnings
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_FILES = 10
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 50 * 1024 * 1024
# 40 megapixels: far above any phone photo, far below what a bomb needs to exhaust memory.
MAX_PIXELS = 40_000_000

IMAGE_TYPES = {"image/jpeg": ("JPEG", "jpg"), "image/png": ("PNG", "png"), "image/webp": ("WEBP", "webp")}
OTHER_TYPES = {
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "audio/mpeg": "mp3",
    "audio/x-m4a": "m4a",
    "audio/m4a": "m4a",
}


class UploadRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class CleanFile:
    content: ContentFile
    display_name: str
    content_type: str
    size: int
    sha256: str


def max_file_bytes() -> int:
    return getattr(settings, "TIPOFFS_MAX_FILE_BYTES", MAX_FILE_BYTES)


def _safe_display_name(name: str, ext: str) -> str:
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    stem = re.sub(r"[^\w\-\u4e00-\u9fff]+", "_", stem).strip("._")[:60] or "file"
    return f"{stem}.{ext}"


def _reencode_image(data: bytes, fmt: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise UploadRejected(_("图片像素过多（超过 4000 万像素），请缩小后再上传。"))
            image = ImageOps.exif_transpose(image)
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise UploadRejected(_("图片尺寸异常（疑似压缩炸弹），已拒收，请换一张照片。")) from None
        except UploadRejected:
            raise
        except Exception:
            raise UploadRejected(_("图片无法读取，文件可能已损坏，请换一个文件。")) from None
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if fmt == "PNG" and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    # A fresh image carries no info dict: EXIF, GPS, XMP, ICC and PNG text chunks are all dropped.
    clean = Image.new(image.mode, image.size)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format=fmt, quality=88) if fmt in ("JPEG", "WEBP") else clean.save(out, format=fmt)
    return out.getvalue()


def sanitise_upload(uploaded) -> CleanFile:
    """Check one uploaded file by its content and return what may be stored."""
    limit = max_file_bytes()
    if uploaded.size > limit:
        raise UploadRejected(
            _("文件“%(name)s”超过 %(mb)d MB，请压缩后再上传。") % {"name": uploaded.name, "mb": limit // (1024 * 1024)}
        )
    data = uploaded.read()
    kind = filetype.guess(data)
    mime = kind.mime if kind else ""
    if mime in IMAGE_TYPES:
        fmt, ext = IMAGE_TYPES[mime]
        data = _reencode_image(data, fmt)
    elif mime in OTHER_TYPES:
        ext = OTHER_TYPES[mime]
    else:
        raise UploadRejected(
            _("文件“%(name)s”的内容不是可接受的类型（照片 JPG/PNG/WebP、视频 MP4/MOV、音频、PDF）。")
            % {"name": uploaded.name}
        )
    return CleanFile(
        content=ContentFile(data),
        display_name=_safe_display_name(uploaded.name, ext),
        content_type=mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def sanitise_uploads(files: list) -> list[CleanFile]:
    if len(files) > MAX_FILES:
        raise UploadRejected(_("一次最多上传 %(n)d 个文件。") % {"n": MAX_FILES})
    total = sum(f.size for f in files)
    if total > getattr(settings, "TIPOFFS_MAX_TOTAL_BYTES", MAX_TOTAL_BYTES):
        raise UploadRejected(_("附件合计超过 50 MB，请分次在跟进页面补充。"))
    return [sanitise_upload(f) for f in files]
