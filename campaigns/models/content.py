from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import body_blocks
from .base import BasePage
from .taxonomy import AccidentKind, CampaignKind

PAGE_SIZE = 10


class FilteredIndexMixin:
    """An index page listing its children filtered by GET parameters and paginated.

    Subclasses name the child model and the filter form; the form turns the query string into a
    queryset filter, so a bad value just shows an error beside the field and lists everything.
    """

    def child_model(self) -> type:
        raise NotImplementedError

    def filter_form(self, data):
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        from ..forms import page_number

        context = super().get_context(request, *args, **kwargs)
        child_model = self.child_model()
        form = self.filter_form(request.GET or None)
        items = child_model.objects.child_of(self).live().public()
        if form.is_bound and form.is_valid():
            items = form.apply(items)
        items = items.select_related("listing_image").order_by("-date", "-pk").distinct()
        paginator = Paginator(items, PAGE_SIZE)
        page_obj = paginator.get_page(page_number(request))
        items_on_page = list(page_obj.object_list)
        child_model.prefetch_for_listing(items_on_page)
        context.update(
            filter_form=form,
            page_obj=page_obj,
            items=items_on_page,
            query_without_page=form.query_without_page() if form.is_bound else "",
        )
        return context


class ArticleIndexPage(FilteredIndexMixin, BasePage):
    """科普文章 listing, filterable by sector, audience, kind and year."""

    parent_page_types = ["campaigns.HomePage"]
    subpage_types = ["campaigns.ArticlePage"]

    class Meta:
        verbose_name = _("科普文章栏目")

    def child_model(self) -> type:
        return ArticlePage

    def filter_form(self, data):
        from ..forms import ArticleFilterForm

        return ArticleFilterForm(data)


class ArticlePage(BasePage):
    """科普文章: a popular-science article tagged by kind of campaign, sector and audience."""

    date = models.DateField(_("发布日期"))
    kind = models.CharField(_("宣传类别"), max_length=30, choices=CampaignKind.choices, blank=True)
    audiences = ParentalManyToManyField("campaigns.Audience", verbose_name=_("宣传对象（五进）"), blank=True)
    sectors = ParentalManyToManyField("campaigns.Sector", verbose_name=_("行业领域"), blank=True)
    body = StreamField(body_blocks(), verbose_name=_("正文"), use_json_field=True)

    content_panels = [
        *BasePage.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sectors", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["campaigns.ArticleIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("科普文章")
        verbose_name_plural = _("科普文章")

    @staticmethod
    def prefetch_for_listing(pages: list) -> None:
        models.prefetch_related_objects(pages, "sectors", "audiences")

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context["audience_list"], context["sector_list"] = selectors.page_tags(self)
        return context


class CaseIndexPage(FilteredIndexMixin, BasePage):
    """典型事故案例 listing, filterable by sector, audience, kind of accident and year."""

    parent_page_types = ["campaigns.HomePage"]
    subpage_types = ["campaigns.CaseStudyPage"]

    class Meta:
        verbose_name = _("事故案例栏目")

    def child_model(self) -> type:
        return CaseStudyPage

    def filter_form(self, data):
        from ..forms import CaseFilterForm

        return CaseFilterForm(data)


class CaseStudyPage(BasePage):
    """典型事故案例 for 案例教育法: what happened, why, the lessons and how to prevent it."""

    date = models.DateField(_("事故日期"))
    place = models.CharField(_("事故地点"), max_length=120)
    place_type = models.CharField(
        _("场所类型"), max_length=60, blank=True, help_text=_("例如 小餐饮、有限空间、仓库。")
    )
    kind = models.CharField(_("事故类型"), max_length=20, choices=AccidentKind.choices)
    sector = models.ForeignKey(
        "campaigns.Sector", verbose_name=_("行业领域"), on_delete=models.PROTECT, related_name="cases"
    )
    audiences = ParentalManyToManyField("campaigns.Audience", verbose_name=_("宣传对象（五进）"), blank=True)
    deaths = models.PositiveIntegerField(_("死亡人数"), default=0)
    injuries = models.PositiveIntegerField(_("受伤人数"), default=0)
    direct_causes = RichTextField(_("直接原因"), features=["bold", "ol", "ul"])
    lessons = RichTextField(_("事故教训"), features=["bold", "ol", "ul"])
    measures = RichTextField(_("防范措施"), features=["bold", "ol", "ul"])
    body = StreamField(body_blocks(), verbose_name=_("补充内容"), blank=True, use_json_field=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("place_type")]),
                FieldPanel("sector"),
                FieldRowPanel([FieldPanel("deaths"), FieldPanel("injuries")]),
            ],
            heading=_("事故概况"),
        ),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("direct_causes"),
        FieldPanel("lessons"),
        FieldPanel("measures"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["campaigns.CaseIndexPage"]
    slug_kind = "case"
    subpage_types: list = []

    class Meta:
        verbose_name = _("典型事故案例")
        verbose_name_plural = _("典型事故案例")
        constraints = [models.CheckConstraint(condition=Q(deaths__lte=1000), name="case_deaths_plausible")]

    @staticmethod
    def prefetch_for_listing(pages: list) -> None:
        models.prefetch_related_objects(pages, "sector", "audiences")

    def search_texts(self) -> list[str]:
        return [self.place, self.place_type, self.direct_causes, self.lessons, self.measures, *super().search_texts()]

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context["audience_list"], _ = selectors.page_tags(self, sectors=False)
        return context
