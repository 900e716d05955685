"""Filter forms for the article and case listings (GET, so filtered URLs can be shared)."""

from django import forms
from django.http import HttpRequest
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models import AccidentKind, Audience, CampaignKind, Sector


def page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


class _ListingFilterForm(forms.Form):
    sector = forms.ModelChoiceField(
        label=_("行业领域"), queryset=Sector.objects.all(), to_field_name="code", required=False, empty_label=_("全部")
    )
    audience = forms.ModelChoiceField(
        label=_("宣传对象"),
        queryset=Audience.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("全部"),
    )
    year = forms.IntegerField(label=_("年份"), required=False, min_value=2000, max_value=2100)

    kind_choices: list = []
    sector_lookup = "sectors"
    year_lookup = "date__year"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            label=self.kind_label, choices=[("", _("全部")), *self.kind_choices], required=False
        )
        self.order_fields(["sector", "audience", "kind", "year"])

    def apply(self, queryset):
        data = self.cleaned_data
        if data.get("sector"):
            queryset = queryset.filter(**{self.sector_lookup: data["sector"]})
        if data.get("audience"):
            queryset = queryset.filter(audiences=data["audience"])
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("year"):
            queryset = queryset.filter(**{self.year_lookup: data["year"]})
        return queryset

    def query_without_page(self) -> str:
        """The current filters as a query string, for pagination links."""
        pairs = [(name, self.data.get(name)) for name in ("sector", "audience", "kind", "year") if self.data.get(name)]
        return urlencode(pairs)


class ArticleFilterForm(_ListingFilterForm):
    kind_label = _("宣传类别")
    kind_choices = CampaignKind.choices


class CampaignFilterForm(_ListingFilterForm):
    kind_label = _("活动类别")
    kind_choices = CampaignKind.choices
    year_lookup = "year"


class CaseFilterForm(_ListingFilterForm):
    kind_label = _("事故类型")
    kind_choices = AccidentKind.choices
    sector_lookup = "sector"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索关键词"), max_length=50, required=False, strip=True)
