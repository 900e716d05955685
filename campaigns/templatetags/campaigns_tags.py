from django import template
from django.utils.translation import gettext_lazy as _

from .. import cache as page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def footer_settings(context) -> dict:
    """The footer's contact details from SiteSettings, cached so pages of every app pay no query.

    Returns ``{}`` when there is no request or no Wagtail site (e.g. the 500 page); the footer then
    shows its defaults.
    """
    request = context.get("request")
    if request is None:
        return {}
    return page_cache.footer_settings_for(request)


@register.simple_tag(takes_context=True)
def outreach_sections(context) -> list[dict]:
    """The four outreach listings (宣传专题, 科普文章, 事故案例, 活动日历) with their URLs, for the
    navigation and the home page; ``[]`` without a Wagtail site. Cached like the footer."""
    request = context.get("request")
    if request is None:
        return []
    urls = page_cache.outreach_urls_for(request)
    return [
        {"key": key, "label": label, "url": urls[key], "current": request.path.startswith(urls[key])}
        for key, label in OUTREACH_LABELS
        if key in urls
    ]


OUTREACH_LABELS = [
    ("campaigns", _("宣传专题")),
    ("articles", _("科普文章")),
    ("cases", _("事故案例")),
    ("events", _("活动日历")),
]
