import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from accounts.models import Town

from .models import Certificate, CertificateKind, CertificateRule, CertificateStatus
from .selectors import certificates_with_status


def _operation_choices():
    names = CertificateRule.objects.exclude(operation="").values_list("operation", flat=True).distinct()
    return [(name, name) for name in sorted(set(names))]


class CertificateFilterSet(WagtailFilterSet):
    """Register filters; status is the SQL date-range form of the derived status (as of today)."""

    kind = django_filters.ChoiceFilter(label=_("证书类型"), choices=CertificateKind.choices)
    person_category = django_filters.ChoiceFilter(
        label=_("人员类别"), choices=Certificate._meta.get_field("person_category").choices
    )
    operation = django_filters.ChoiceFilter(label=_("操作项目"), choices=_operation_choices)
    enterprise_name = django_filters.CharFilter(label=_("单位"), lookup_expr="icontains")
    town = django_filters.ModelChoiceFilter(label=_("乡镇"), queryset=Town.objects.all())
    status = django_filters.ChoiceFilter(label=_("状态"), choices=CertificateStatus.choices, method="filter_status")

    class Meta:
        model = Certificate
        fields = ["kind", "person_category", "operation", "enterprise_name", "town", "status"]

    def filter_status(self, queryset, name, value):
        return certificates_with_status(value, today=timezone.localdate(), queryset=queryset) if value else queryset


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("注销原因"), max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("复审日期"), widget=forms.DateInput(attrs={"type": "date"}))
    passed = forms.TypedChoiceField(
        label=_("复审结论"),
        choices=[("1", _("合格")), ("0", _("不合格"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
