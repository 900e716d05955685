from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from .base import safe_link_validator


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("文字"), max_length=40)
    url = blocks.CharBlock(
        label=_("链接"),
        max_length=200,
        validators=[safe_link_validator],
        help_text=_("站内路径如 /exams/，或完整网址。"),
    )

    class Meta:
        icon = "link"
        label = _("链接")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Contact details shown in every page's footer; editors change them without a deployment."""

    hotline = models.CharField(_("举报投诉热线"), max_length=30, default="12350")
    other_hotlines = models.TextField(
        _("其他服务电话"), blank=True, default="", help_text=_("每行一个，例如“火警 119”。")
    )
    bureau_name = models.CharField(_("单位名称"), max_length=80, default="云梦县应急管理局")
    address = models.CharField(_("地址"), max_length=200, blank=True, default="")
    office_hours = models.CharField(_("办公时间"), max_length=120, blank=True, default="")
    footer_links = StreamField([("link", FooterLinkBlock())], verbose_name=_("页脚链接"), blank=True, default=list)

    panels = [
        FieldPanel("hotline"),
        FieldPanel("other_hotlines"),
        FieldPanel("bureau_name"),
        FieldPanel("address"),
        FieldPanel("office_hours"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("站点设置")

    def other_hotline_lines(self) -> list[str]:
        return [line.strip() for line in self.other_hotlines.splitlines() if line.strip()]
