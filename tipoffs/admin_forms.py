"""Forms of the handling pages in the Wagtail admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Town

from .forms import IdentityFieldsMixin, MultipleFileField
from .models import AccidentGrade, Category, Finding, ReviewResult, Source, Status, sector_choices

DUE_CHOICES = [
    ("", _("全部")),
    ("overdue", _("已逾期")),
    ("soon", _("7 日内到期")),
    ("extension", _("延期待批准")),
]


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=[("", _("全部")), *Status.choices], required=False)
    category = forms.ChoiceField(label=_("类别"), choices=[("", _("全部")), *Category.choices], required=False)
    sector = forms.ChoiceField(
        label=_("行业领域"), choices=lambda: [("", _("全部")), *sector_choices()], required=False
    )
    town = forms.ModelChoiceField(label=_("乡镇/开发区"), queryset=Town.objects.all(), required=False)
    due = forms.ChoiceField(label=_("期限"), choices=DUE_CHOICES, required=False)
    mine = forms.BooleanField(label=_("只看我承办的"), required=False)


class StaffEntryForm(IdentityFieldsMixin):
    source = forms.ChoiceField(label=_("来源"), choices=[c for c in Source.choices if c[0] != Source.ONLINE])
    category = forms.ChoiceField(label=_("举报类别"), choices=Category.choices)
    sector = forms.ChoiceField(
        label=_("行业领域"),
        choices=lambda: [("", _("不清楚")), *sector_choices()],
        required=False,
        help_text=_("来电人说不清的可以不选，核查时再补充。"),
    )
    town = forms.ModelChoiceField(label=_("乡镇/开发区"), queryset=Town.objects.all())
    place_name = forms.CharField(label=_("被举报单位或场所"), max_length=200)
    address = forms.CharField(label=_("地址"), max_length=300, required=False)
    description = forms.CharField(label=_("举报内容"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    observed_when = forms.CharField(label=_("发现时间"), max_length=100, required=False)
    files = MultipleFileField(label=_("附件（来信扫描件、照片等，选填）"), required=False)

    field_order = ["source", "category", "sector", "town", "place_name", "address", "description", "observed_when"]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("不予受理理由（举报人可见）"), widget=forms.Textarea(attrs={"rows": 3}))


class ConcludeForm(forms.Form):
    finding = forms.ChoiceField(label=_("核查结论"), choices=Finding.choices)
    outcome_public = forms.CharField(label=_("告知举报人的处理结果"), widget=forms.Textarea(attrs={"rows": 3}))
    fine_amount = forms.DecimalField(label=_("罚款金额（元）"), min_value=0, decimal_places=2, required=False)
    concealed_deaths = forms.IntegerField(label=_("查实瞒报谎报死亡人数"), min_value=0, required=False)
    accident_deaths = forms.IntegerField(
        label=_("事故死亡总人数（含已如实报告的，留空则按瞒报人数）"), min_value=0, required=False
    )
    accident_grade = forms.ChoiceField(
        label=_("事故等级（一般 < 3 人，较大 3–9 人，重大 10–29 人，特别重大 ≥ 30 人）"),
        choices=[("", "—"), *AccidentGrade.choices],
        required=False,
    )


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=_("延期天数（1–30）"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))


class MessageForm(forms.Form):
    body = forms.CharField(label=_("给举报人的留言"), widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("附件（选填，举报人凭回执码可下载）"), required=False)


class LinkForm(forms.Form):
    first_number = forms.CharField(label=_("同一事项首报的举报编号（留空则取消关联）"), max_length=20, required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("承办人"), queryset=None)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers


class ProposeRewardForm(forms.Form):
    amount = forms.DecimalField(
        label=_("奖励金额（元，留空按标准计算）"), min_value=0, decimal_places=2, required=False
    )
    adjustment_reason = forms.CharField(
        label=_("调整理由（金额与标准不同时必填）"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    joint_payees = forms.CharField(
        label=_("联名举报人（每行一个姓名，第一行为举报人；平均分配）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RejectRewardForm(forms.Form):
    reason = forms.CharField(label=_("不批准理由"), widget=forms.Textarea(attrs={"rows": 2}))


class PayForm(forms.Form):
    paid_at = forms.DateField(label=_("发放日期"), widget=forms.DateInput(attrs={"type": "date"}))
    paid_amount = forms.DecimalField(label=_("发放金额（元）"), min_value=0, decimal_places=2)
    voucher_number = forms.CharField(label=_("财务凭证号"), max_length=50)


class ReopenRewardForm(forms.Form):
    reason = forms.CharField(label=_("重新开放理由"), widget=forms.Textarea(attrs={"rows": 2}))


class RectificationOrderForm(forms.Form):
    requirements = forms.CharField(label=_("整改要求"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    responsible_unit = forms.CharField(label=_("责任单位"), max_length=200)
    deadline = forms.DateField(label=_("整改期限"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class RectificationReviewForm(forms.Form):
    result = forms.ChoiceField(label=_("复查结果"), choices=ReviewResult.choices, widget=forms.RadioSelect)
    reviewed_on = forms.DateField(
        label=_("复查日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("复查说明（未整改时必填）"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
