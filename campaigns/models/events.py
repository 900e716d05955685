import calendar
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

from ..blocks import body_blocks
from .base import BasePage, safe_link_validator


class EventIndexPage(RoutablePageMixin, BasePage):
    """宣传活动 calendar: a month grid (/<year>/<month>/) and the list of upcoming activities."""

    parent_page_types = ["campaigns.HomePage"]
    subpage_types = ["campaigns.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("活动日历")

    @path("")
    def index_route(self, request):
        today = timezone.localdate()
        return self.month_view(request, today.year, today.month)

    @path("<int:year>/<int:month>/", name="month")
    def month_view(self, request, year: int, month: int):
        from .. import selectors

        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise Http404
        first = datetime.date(year, month, 1)
        events = selectors.events_in_month(year, month)
        by_day: dict[int, list] = {}
        for event in events:
            by_day.setdefault(timezone.localtime(event.starts_at).day, []).append(event)
        weeks = [
            [(day, by_day.get(day, [])) if day else (None, []) for day in week]
            for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
        ]
        previous_month = (first - datetime.timedelta(days=1)).replace(day=1)
        next_month = (first + datetime.timedelta(days=32)).replace(day=1)
        return self.render(
            request,
            context_overrides={
                "month": first,
                "weeks": weeks,
                "month_events": events,
                "upcoming_events": selectors.upcoming_events(limit=20),
                "previous_url": self.reverse_subpage("month", args=(previous_month.year, previous_month.month)),
                "next_url": self.reverse_subpage("month", args=(next_month.year, next_month.month)),
                "today": timezone.localdate(),
            },
        )


class EventPage(BasePage):
    """宣传活动: one outreach activity, under the calendar or under its campaign."""

    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    town = models.ForeignKey(
        "accounts.Town", verbose_name=_("乡镇"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organiser = models.CharField(_("主办单位"), max_length=120)
    audiences = ParentalManyToManyField("campaigns.Audience", verbose_name=_("宣传对象（五进）"), blank=True)
    registration_url = models.CharField(
        _("报名链接"),
        max_length=300,
        blank=True,
        validators=[safe_link_validator],
        help_text=_("站内路径或完整网址；不需要报名请留空。"),
    )
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True, help_text=_("不限名额请留空。"))
    body = StreamField(body_blocks(), verbose_name=_("正文"), blank=True, use_json_field=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel([FieldPanel("place"), FieldPanel("town")]),
                FieldPanel("organiser"),
                FieldRowPanel([FieldPanel("registration_url"), FieldPanel("capacity")]),
            ],
            heading=_("活动信息"),
        ),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    parent_page_types = ["campaigns.EventIndexPage", "campaigns.CampaignPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("宣传活动")
        verbose_name_plural = _("宣传活动")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_end_not_before_start",
                violation_error_message=_("结束时间不能早于开始时间。"),
            )
        ]

    def search_texts(self) -> list[str]:
        return [self.place, self.organiser, *super().search_texts()]

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context["audience_list"], _ = selectors.page_tags(self, sectors=False)
        context["is_past"] = self.ends_at < timezone.now()
        return context
