import datetime

from django import forms
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import body_blocks
from .base import BasePage
from .taxonomy import CampaignKind


class HomePage(BasePage):
    """The site root: the campaign running now (or next), latest articles and cases, entry points."""

    body = StreamField(body_blocks(), verbose_name=_("正文"), blank=True, use_json_field=True)

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "campaigns.CampaignIndexPage",
        "campaigns.ArticleIndexPage",
        "campaigns.CaseIndexPage",
        "campaigns.EventIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("首页")

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        context["today_date"] = today
        context["featured_campaign"] = selectors.campaign_for_date(today)
        context["latest_articles"] = selectors.latest_articles(limit=4)
        context["latest_cases"] = selectors.latest_cases(limit=3)
        context["upcoming_events"] = selectors.upcoming_events(limit=3)
        return context


class CampaignIndexPage(RoutablePageMixin, BasePage):
    """All campaigns, newest first, with a yearly archive per kind (/archive/<kind>/<year>/)."""

    content_panels = BasePage.content_panels
    parent_page_types = ["campaigns.HomePage"]
    subpage_types = ["campaigns.CampaignPage"]

    class Meta:
        verbose_name = _("宣传专题栏目")

    def campaigns(self):
        return (
            CampaignPage.objects.child_of(self).live().public().select_related("listing_image").order_by("-start_date")
        )

    @path("")
    def index_route(self, request):
        from django.core.paginator import Paginator

        from ..forms import CampaignFilterForm, page_number
        from .content import PAGE_SIZE

        campaigns = self.campaigns()
        kinds = sorted(set(campaigns.values_list("kind", flat=True)), key=list(CampaignKind.values).index)
        form = CampaignFilterForm(request.GET or None)
        if form.is_bound and form.is_valid():
            campaigns = form.apply(campaigns).distinct()
        page_obj = Paginator(campaigns, PAGE_SIZE).get_page(page_number(request))
        return self.render(
            request,
            context_overrides={
                "campaigns": list(page_obj.object_list),
                "page_obj": page_obj,
                "filter_form": form,
                "query_without_page": form.query_without_page() if form.is_bound else "",
                "archive_kinds": [(kind, CampaignKind(kind).label) for kind in kinds],
            },
        )

    @path("archive/<slug:kind>/", name="archive_kind")
    @path("archive/<slug:kind>/<int:year>/", name="archive_year")
    def archive(self, request, kind: str, year: int | None = None):
        if kind not in CampaignKind.values:
            raise Http404
        campaigns = self.campaigns().filter(kind=kind)
        years = sorted(set(campaigns.values_list("year", flat=True)), reverse=True)
        if year is not None:
            if year not in years:
                raise Http404
            campaigns = campaigns.filter(year=year)
        return self.render(
            request,
            template="campaigns/campaign_archive.html",
            context_overrides={
                "campaigns": list(campaigns),
                "kind": kind,
                "kind_label": CampaignKind(kind).label,
                "years": years,
                "year": year,
            },
        )


class CampaignPage(BasePage):
    """One campaign (宣传周/月/日 or 专项整治) with its theme, dates, audiences, sectors and activities."""

    kind = models.CharField(_("类别"), max_length=30, choices=CampaignKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    theme = models.CharField(_("活动主题"), max_length=200, blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    audiences = ParentalManyToManyField("campaigns.Audience", verbose_name=_("宣传对象（五进）"), blank=True)
    sectors = ParentalManyToManyField("campaigns.Sector", verbose_name=_("行业领域"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("正文"), blank=True, use_json_field=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("kind"), FieldPanel("year")]),
                FieldPanel("theme"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("活动信息"),
        ),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("theme"), index.SearchField("intro")]
    parent_page_types = ["campaigns.CampaignIndexPage"]
    subpage_types = ["campaigns.EventPage"]

    class Meta:
        verbose_name = _("宣传专题")
        verbose_name_plural = _("宣传专题")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="campaign_end_not_before_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="campaign_year_range"),
        ]

    def search_texts(self) -> list[str]:
        return [self.theme, *super().search_texts()]

    def short_slug_base(self) -> str:
        return f"{(self.kind or 'campaign').replace('_', '-')}-{self.year or timezone.localdate().year}"

    def status_on(self, day: datetime.date) -> str:
        if day < self.start_date:
            return "upcoming"
        if day > self.end_date:
            return "ended"
        return "running"

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context["events"] = selectors.campaign_events(self)
        context["audience_list"], context["sector_list"] = selectors.page_tags(self)
        context["status"] = self.status_on(timezone.localdate())
        return context
