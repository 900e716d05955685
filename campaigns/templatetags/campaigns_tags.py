from django import template

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
