import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

# Links editors type must be site paths or web addresses, never javascript: or data: URLs.
safe_link_validator = RegexValidator(
    r"^(/(?!/)|https?://)",
    _("请填写以 / 开头的站内路径，或以 http:// / https:// 开头的网址。"),
)

_SKIP_STREAM_VALUES = re.compile(r"^(h2|h3|warning|danger|/\S*)$")


def stream_plain_text(raw) -> list[str]:
    """Every human-written string in a StreamField's raw data, HTML stripped (ids and choices skipped)."""
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            text = strip_tags(value).strip()
            if text and not _SKIP_STREAM_VALUES.match(text):
                found.append(text)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in {"type", "id"}:
                    walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(list(raw or []))
    return found


class BasePage(Page):
    """Fields and behaviour every public content page shares: intro, listing image, SEO, search text."""

    intro = models.TextField(_("导语"), blank=True, help_text=_("一两句话的摘要，用于列表、搜索结果和分享卡片。"))
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("列表配图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("listing_image")]

    class Meta:
        abstract = True

    # Chinese titles make Chinese slugs, which become long percent-encoded URLs. A new page whose
    # slug is empty or not ASCII gets a short one instead: <kind>-<year>-<n> (campaign-2026-3).
    slug_kind = ""

    def short_slug_base(self) -> str:
        kind = self.slug_kind or type(self).__name__.lower().removesuffix("page")
        year = getattr(self, "year", None)
        for field in ("date", "start_date", "starts_at"):
            if year is None and getattr(self, field, None) is not None:
                year = getattr(self, field).year
        return f"{kind}-{year or timezone.localdate().year}"

    def _set_core_field_defaults(self):
        parent = getattr(self, "_cached_parent_obj", None) or (self.get_parent() if self.path else None)
        if self.pk is None and parent is not None and not (self.slug and self.slug.isascii()):
            base = self.short_slug_base()
            number = 1
            while not Page._slug_is_available(f"{base}-{number}", parent, self):
                number += 1
            self.slug = f"{base}-{number}"
        super()._set_core_field_defaults()

    def get_context(self, request, *args, **kwargs):
        # Reached only after Wagtail's view-restriction hooks let the visitor in, so a password
        # form or login redirect is never marked; the page cache stores only marked responses.
        request.page_cacheable = True
        return super().get_context(request, *args, **kwargs)

    def meta_description(self) -> str:
        return self.search_description or self.intro[:150]

    def search_texts(self) -> list[str]:
        """Plain-text pieces the site search indexes besides the title (campaigns.search)."""
        texts = [self.intro]
        body = getattr(self, "body", None)
        if body is not None:
            texts += stream_plain_text(body.raw_data)
        return [text for text in texts if text]
