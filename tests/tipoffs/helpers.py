"""Builders for tip-off tests: everything goes through the real services."""

import io
import time

from django.contrib.auth.models import Group
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Town, User
from tipoffs import services
from tipoffs.forms import CHALLENGE_SALT
from tipoffs.models import Category
from tipoffs.uploads import sanitise_uploads

VALID_ID = "11010519491231002X"


def town() -> Town:
    return Town.objects.order_by("pk").first()


def staff(username: str, *groups: str) -> User:
    user = User.objects.create_user(username=username, email=f"{username}@example.cn", password="pw-123456!")
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return User.objects.get(pk=user.pk)  # fresh object: no stale permission cache


def handler(username="handler1") -> User:
    return staff(username, "举报受理员")


def approver(username="approver1") -> User:
    return staff(username, "奖励审批人")


def submit(*, identity=None, category=Category.MAJOR_HAZARD, files=None, **kwargs):
    return services.tipoff_submit(
        category=category,
        town=kwargs.pop("town", None) or town(),
        place_name=kwargs.pop("place_name", "某化工厂"),
        description=kwargs.pop("description", "仓库堆放大量醇基燃料，无消防器材。"),
        identity=identity,
        files=sanitise_uploads(files or []),
        **kwargs,
    )


def real_name(name="张三", mobile="13800138000"):
    return {"real_name": name, "id_number": VALID_ID, "mobile": mobile}


def jpeg_with_gps(name="photo.jpg", size=(64, 48)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    exif[0x0110] = "SecretModel X"  # Model
    gps = {1: "N", 2: (30.0, 57.0, 0.0), 3: "E", 4: (113.0, 45.0, 0.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def challenge_token(a=2, b=3, age=60, nonce=None) -> str:
    return signing.dumps(
        {"a": a, "b": b, "t": time.time() - age, "n": nonce or f"n{time.time_ns()}"}, salt=CHALLENGE_SALT
    )


def form_data(**overrides) -> dict:
    data = {
        "category": Category.MAJOR_HAZARD,
        "town": str(town().pk),
        "place_name": "某加油点",
        "address": "城关镇某路 1 号",
        "description": "夜间非法销售醇基燃料。",
        "observed_when": "11月20日晚上",
        "anonymous": "1",
        "challenge": challenge_token(),
        "answer": "5",
        "website": "",
    }
    data.update(overrides)
    return data
