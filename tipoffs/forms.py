"""Forms of the public tip-off pages: the report, the receipt-code lookup, reply and identity."""

import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Town

from .models import Category, sector_choices

CHALLENGE_SALT = "tipoffs.challenge"
CHALLENGE_MAX_AGE = 2 * 60 * 60


def min_fill_seconds() -> int:
    return getattr(settings, "TIPOFFS_MIN_FILL_SECONDS", 3)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def nonce_use(nonce: str) -> bool:
    """True the first time a form's nonce is used: a reload or double click doesn't submit twice."""
    if not nonce or len(nonce) > 64:
        return False
    return cache.add(f"tipoffs:nonce:{nonce}", 1, timeout=CHALLENGE_MAX_AGE)


class ChallengeMixin(forms.Form):
    """A signed arithmetic question plus a honeypot and a minimum fill time; no third-party service."""

    challenge = forms.CharField(widget=forms.HiddenInput)
    answer = forms.IntegerField(
        label=_("验证题答案"), help_text=_("请用阿拉伯数字填写上面算式的结果，防止机器批量提交。")
    )
    # Hidden from people by CSS and from assistive technology by aria-hidden; bots fill it in.
    website = forms.CharField(required=False, label=_("请勿填写此项"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
            self.initial["challenge"] = signing.dumps(
                {"a": a, "b": b, "t": time.time(), "n": new_nonce()}, salt=CHALLENGE_SALT
            )
        self.question = self._question()

    def _question(self) -> str:
        data = self._challenge_data()
        if not data:
            return ""
        return gettext("%(a)d 加 %(b)d 等于多少？") % data

    def _challenge_data(self) -> dict | None:
        token = self.data.get("challenge") if self.is_bound else self.initial.get("challenge")
        try:
            return signing.loads(token or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
        except signing.BadSignature:
            return None

    def clean(self):
        cleaned = super().clean()
        data = self._challenge_data()
        if cleaned.get("website"):
            raise forms.ValidationError(gettext("提交未通过验证，请刷新页面后重试。"))
        if not data:
            raise forms.ValidationError(gettext("页面已过期（超过 2 小时），请刷新页面后重新填写验证题。"))
        if time.time() - data["t"] < min_fill_seconds():
            raise forms.ValidationError(gettext("提交太快了，请检查填写的内容后再提交。"))
        if cleaned.get("answer") is not None and cleaned["answer"] != data["a"] + data["b"]:
            self.add_error("answer", gettext("验证题答案不正确，请重新计算。"))
        self.nonce = data["n"]
        return cleaned

    def renew_challenge(self):
        """After a failed submission, show a fresh question, keep everything else the reporter typed."""
        a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
        self.data = self.data.copy()
        self.data["challenge"] = signing.dumps(
            {"a": a, "b": b, "t": time.time(), "n": new_nonce()}, salt=CHALLENGE_SALT
        )
        self.data["answer"] = ""
        self.question = self._question()


class IdentityFieldsMixin(forms.Form):
    real_name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    id_number = forms.CharField(label=_("居民身份证号码"), max_length=18, required=False)
    mobile = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    other_contact = forms.CharField(
        label=_("其他联系方式（选填）"),
        max_length=200,
        required=False,
        help_text=_("如固定电话、电子邮箱，方便核实情况时联系您。"),
    )

    def identity(self) -> dict:
        return {k: self.cleaned_data.get(k, "") for k in ("real_name", "id_number", "mobile", "other_contact")}


class TipOffForm(ChallengeMixin, IdentityFieldsMixin):
    category = forms.ChoiceField(label=_("举报类别"), choices=Category.choices)
    sector = forms.ChoiceField(
        label=_("行业领域（选填）"),
        choices=lambda: [("", _("不清楚")), *sector_choices()],
        required=False,
        help_text=_("被举报单位所属的行业，例如危险化学品、建筑施工；不清楚可以不选。"),
    )
    town = forms.ModelChoiceField(label=_("所在乡镇/开发区"), queryset=Town.objects.all(), empty_label=_("请选择"))
    place_name = forms.CharField(label=_("被举报的单位或场所名称"), max_length=200)
    address = forms.CharField(label=_("详细地址"), max_length=300, required=False)
    description = forms.CharField(
        label=_("发现的问题"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写清看到了什么、在哪个位置、涉及多少人或物品。"),
    )
    observed_when = forms.CharField(
        label=_("发现时间"), max_length=100, required=False, help_text=_("例如：11月20日晚上8点左右；一直存在。")
    )
    files = MultipleFileField(
        label=_("照片、视频或文件（选填）"),
        required=False,
        help_text=_("最多 10 个，每个不超过 10 MB，合计不超过 50 MB。照片的拍摄地点、设备等信息会被自动清除。"),
    )
    anonymous = forms.TypedChoiceField(
        label=_("举报方式"),
        choices=[("1", _("匿名举报")), ("0", _("实名举报（可领取奖励）"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    link_account = forms.BooleanField(label=_("把这件举报关联到我的账号（仅实名举报）"), required=False)

    field_order = [
        "category",
        "sector",
        "town",
        "place_name",
        "address",
        "description",
        "observed_when",
        "files",
        "anonymous",
        "real_name",
        "id_number",
        "mobile",
        "other_contact",
        "link_account",
        "answer",
    ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("anonymous") is False:
            for name in ("real_name", "id_number", "mobile"):
                if not cleaned.get(name):
                    self.add_error(name, gettext("实名举报请填写此项。"))
        if cleaned.get("link_account") and cleaned.get("anonymous"):
            self.add_error("link_account", gettext("匿名举报不会关联账号；如需关联，请选择实名举报。"))
        return cleaned

    def identity(self) -> dict:
        data = super().identity()
        if self.cleaned_data.get("anonymous"):
            # An anonymous reporter may still leave a way to reach them, but no name or ID.
            return {"other_contact": data["other_contact"]} if data["other_contact"] else {}
        return data


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("回执码"),
        max_length=40,
        help_text=_("20 位字母和数字，可以带空格或短横线，不区分大小写。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("补充说明"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(label=_("补充照片或文件（选填）"), required=False)


class IdentityForm(IdentityFieldsMixin):
    pass
