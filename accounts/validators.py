"""Validators for Chinese identity numbers (DESIGN §3). Messages say what to fix, in Chinese."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 0-9 A-Z without I O Z S V
CREDIT_CODE_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def id_number_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a 居民身份证号码."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def normalize_id_number(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_id_number(value: str) -> None:
    value = normalize_id_number(value)
    if len(value) != 18:
        raise ValidationError(_("居民身份证号码应为18位，当前为%(n)d位。"), code="length", params={"n": len(value)})
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise ValidationError(_("居民身份证号码前17位应为数字，最后一位为数字或X。"), code="chars")
    try:
        birth = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationError(_("居民身份证号码中的出生日期（第7至14位）不是有效日期。"), code="birth_date") from None
    if birth < datetime.date(1900, 1, 1) or birth > datetime.date.today():
        raise ValidationError(_("居民身份证号码中的出生日期（第7至14位）不在合理范围内。"), code="birth_date")
    if id_number_check_char(value[:17]) != value[17]:
        raise ValidationError(_("居民身份证号码校验位不正确，请核对最后一位。"), code="checksum")


def mask_id_number(value: str) -> str:
    """Show the region and the last two characters only: 110105********002X -> 1101**********2X."""
    value = normalize_id_number(value)
    if len(value) != 18:
        return "*" * len(value)
    return f"{value[:4]}{'*' * 12}{value[16:]}"


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    check = 31 - total % 31
    return CREDIT_CODE_ALPHABET[0 if check == 31 else check]


def normalize_credit_code(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_credit_code(value: str) -> None:
    value = normalize_credit_code(value)
    if len(value) != 18:
        raise ValidationError(_("统一社会信用代码应为18位，当前为%(n)d位。"), code="length", params={"n": len(value)})
    bad = sorted({c for c in value if c not in CREDIT_CODE_ALPHABET})
    if bad:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符：%(chars)s（不使用 I、O、Z、S、V）。"),
            code="chars",
            params={"chars": "、".join(bad)},
        )
    if credit_code_check_char(value[:17]) != value[17]:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对最后一位。"), code="checksum")


def normalize_mobile(value: str) -> str:
    value = re.sub(r"[\s-]", "", value or "")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    return value


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(normalize_mobile(value)):
        raise ValidationError(_("请输入11位中国大陆手机号码，以1开头，例如 13800138000。"), code="mobile")
