from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Enterprise, PersonCategory, SafetyRole
from .selectors import enterprise_find
from .validators import normalize_id_number, normalize_mobile, validate_id_number, validate_mobile


class ProfileForm(forms.Form):
    real_name = forms.CharField(label=_("真实姓名"), max_length=50, required=False)
    id_number = forms.CharField(
        label=_("居民身份证号码"),
        max_length=24,
        required=False,
        help_text=_("18位，最后一位可为X；用于考试报名核验身份，保存后只显示部分号码。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        required=False,
        help_text=_("11位中国大陆手机号码，可用于登录。"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    person_category = forms.ChoiceField(label=_("人员类别"), choices=PersonCategory.choices)
    safety_role = forms.ChoiceField(
        label=_("三类人员"),
        choices=[("", _("不属于三类人员")), *SafetyRole.choices],
        required=False,
        help_text=_("在本单位担任安全生产分管负责人、专职安全管理人员或班组长的，请选择；企业安全管理员可以看到。"),
    )
    enterprise = forms.CharField(
        label=_("工作单位"),
        max_length=200,
        required=False,
        help_text=_("填写已登记企业的全称或统一社会信用代码；不在企业工作可留空。"),
        widget=forms.TextInput(attrs={"autocomplete": "organization", "list": "enterprise-names"}),
    )

    def clean_id_number(self) -> str:
        value = normalize_id_number(self.cleaned_data["id_number"])
        if value:
            validate_id_number(value)
        return value

    def clean_phone(self) -> str:
        value = normalize_mobile(self.cleaned_data["phone"])
        if value:
            validate_mobile(value)
        return value

    def clean_enterprise(self) -> Enterprise | None:
        value = self.cleaned_data["enterprise"].strip()
        if not value:
            return None
        found = enterprise_find(value)
        if not found:
            raise forms.ValidationError(
                _(
                    "没有找到名称或统一社会信用代码为“%(value)s”的企业，请核对全称或代码；企业未登记的请联系应急管理局。"
                ),
                params={"value": value},
            )
        if len(found) > 1:
            raise forms.ValidationError(_("有多家企业使用这个名称，请改填统一社会信用代码。"))
        return found[0]


class StaffInvitationForm(forms.Form):
    real_name = forms.CharField(label=_("员工姓名"), max_length=50)
    phone = forms.CharField(
        label=_("员工手机号码"),
        max_length=20,
        help_text=_("邀请以短信发送到这个号码；员工登录平台后在“个人资料”中确认，才会加入员工名单。"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    id_number = forms.CharField(
        label=_("员工居民身份证号码"),
        max_length=24,
        required=False,
        help_text=_("选填。填写后，员工未验证手机号码时也能凭身份证号码和姓名看到邀请。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
