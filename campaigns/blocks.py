"""StreamField blocks shared by every campaigns page type (bakerydemo's ``base/blocks.py``).

Each block declares its template, icon, preview value and description so editors see what it
does in the block picker. No block fetches anything from an external host: video is an uploaded
document played by the browser's own <video> element, never a third-party embed.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

T = "campaigns/blocks/"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题文字"), max_length=120)
    level = blocks.ChoiceBlock(label=_("级别"), choices=[("h2", _("二级标题")), ("h3", _("三级标题"))], default="h2")

    class Meta:
        template = T + "heading.html"
        icon = "title"
        label = _("小标题")
        description = _("正文中的小标题，用于划分段落，屏幕阅读器据此导航。")
        preview_value = {"text": "火灾发生时怎么办", "level": "h2"}


class RichTextBlock(blocks.RichTextBlock):
    class Meta:
        template = T + "rich_text.html"
        icon = "pilcrow"
        label = _("正文")
        description = _("可加粗、列表和链接的正文段落。")
        preview_value = "<p>发现火情，第一时间拨打 <b>119</b>，讲清地址和起火物。</p>"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("图片"))
    alt = blocks.CharBlock(
        label=_("替代文字"),
        max_length=200,
        help_text=_("向看不到图片的读者描述图片内容，例如“消防员演示灭火器的使用”。"),
    )
    caption = blocks.CharBlock(label=_("图片说明"), required=False, max_length=200)

    class Meta:
        template = T + "captioned_image.html"
        icon = "image"
        label = _("带说明的图片")
        description = _("一张图片，必须填写替代文字，可附说明。")
        preview_value = {"alt": "消防员演示灭火器的使用", "caption": "正确使用灭火器"}


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=120)
    images = blocks.ListBlock(CaptionedImageBlock(), label=_("图片"), min_num=1)

    class Meta:
        template = T + "gallery.html"
        icon = "doc-full"
        label = _("图片集")
        description = _("多张活动照片或宣传图，每张都要填写替代文字。")
        preview_value = {"title": "活动剪影", "images": []}


class VideoBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=120)
    video = DocumentChooserBlock(label=_("视频文件（MP4）"))
    poster = ImageChooserBlock(label=_("封面图"), required=False)
    transcript = blocks.TextBlock(label=_("文字稿"), required=False, help_text=_("听不到声音的读者可以阅读文字稿。"))

    class Meta:
        template = T + "video.html"
        icon = "media"
        label = _("视频")
        description = _("站内播放的宣传视频（上传 MP4 文档），可附文字稿。")
        preview_value = {"title": "家庭火灾逃生演示", "transcript": "低姿弯腰，用湿毛巾捂住口鼻……"}


class KeyFactBlock(blocks.StructBlock):
    figure = blocks.CharBlock(label=_("数字"), max_length=20)
    label = blocks.CharBlock(label=_("说明"), max_length=80)


class KeyFactsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=120)
    facts = blocks.ListBlock(KeyFactBlock(), label=_("数据"), min_num=1)

    class Meta:
        template = T + "key_facts.html"
        icon = "list-ul"
        label = _("关键数据")
        description = _("几个醒目的数字，例如参与人数、排查隐患数。")
        preview_value = {"title": "活动成效", "facts": [{"figure": "1200", "label": "参与群众（人次）"}]}


class DosDontsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=120)
    dos = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("应该做"))
    donts = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("不要做"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail's ListBlock draws no label beside each item of a list of plain text boxes, so the
        # editor's inputs had no accessible name (axe "label"). Name each box after its list; set on
        # the widget, not as a block argument, so the block definition (and migrations) stay as they are.
        for name in ("dos", "donts"):
            list_block = self.child_blocks[name]
            list_block.child_block.field.widget.attrs["aria-label"] = list_block.label

    class Meta:
        template = T + "dos_donts.html"
        icon = "tick-inverse"
        label = _("应该做 / 不要做")
        description = _("两栏对照：正确做法与禁止行为，用文字和符号区分，不只靠颜色。")
        preview_value = {"title": "电动自行车充电", "dos": ["在集中充电点充电"], "donts": ["飞线充电"]}


class WarningBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(
        label=_("级别"), choices=[("warning", _("注意")), ("danger", _("危险"))], default="warning"
    )
    title = blocks.CharBlock(label=_("标题"), max_length=120)
    text = blocks.RichTextBlock(label=_("内容"), features=["bold", "link", "ul"])

    class Meta:
        template = T + "warning.html"
        icon = "warning"
        label = _("警示提示")
        description = _("醒目的警示框，用于危险行为和紧急提示。")
        preview_value = {"level": "danger", "title": "严禁", "text": "<p>严禁在室内使用醇基燃料取暖。</p>"}


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("步骤"), max_length=120)
    text = blocks.TextBlock(label=_("说明"), required=False)


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=120)
    steps = blocks.ListBlock(StepBlock(), label=_("步骤"), min_num=1)

    class Meta:
        template = T + "steps.html"
        icon = "list-ol"
        label = _("分步指引")
        description = _("应急处置的步骤，按顺序编号显示。")
        preview_value = {"title": "灭火器使用四步法", "steps": [{"title": "提", "text": "提起灭火器"}]}


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("问题"), max_length=200)
    answer = blocks.RichTextBlock(label=_("回答"), features=["bold", "link", "ul", "ol"])


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=120)
    items = blocks.ListBlock(FAQItemBlock(), label=_("问答"), min_num=1)

    class Meta:
        template = T + "faq.html"
        icon = "help"
        label = _("常见问题")
        description = _("可展开的问答列表，不依赖 JavaScript。")
        preview_value = {
            "title": "常见问题",
            "items": [{"question": "灭火器多久检查一次？", "answer": "<p>每月检查一次压力表。</p>"}],
        }


class DownloadItemBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=120)
    description = blocks.CharBlock(label=_("简介"), required=False, max_length=200)


class DownloadsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=120)
    items = blocks.ListBlock(DownloadItemBlock(), label=_("文件"), min_num=1)

    class Meta:
        template = T + "downloads.html"
        icon = "download"
        label = _("资料下载")
        description = _("海报、折页、PDF 等宣传资料，自动显示文件类型和大小。")
        preview_value = {"title": "宣传资料下载", "items": []}


class TimelineEventBlock(blocks.StructBlock):
    when = blocks.CharBlock(label=_("时间"), max_length=40)
    title = blocks.CharBlock(label=_("事项"), max_length=120)
    text = blocks.TextBlock(label=_("说明"), required=False)


class TimelineBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=120)
    events = blocks.ListBlock(TimelineEventBlock(), label=_("时间节点"), min_num=1)

    class Meta:
        template = T + "timeline.html"
        icon = "time"
        label = _("时间轴")
        description = _("活动安排或事故经过，按时间先后排列。")
        preview_value = {"title": "活动安排", "events": [{"when": "5月12日", "title": "防灾减灾日主题活动"}]}


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), max_length=120)
    text = blocks.TextBlock(label=_("说明"), required=False)
    link_text = blocks.CharBlock(label=_("按钮文字"), max_length=40)
    page = blocks.PageChooserBlock(label=_("站内页面"), required=False)
    url = blocks.CharBlock(
        label=_("站内路径"), required=False, max_length=200, help_text=_("例如 /exams/；与“站内页面”二选一。")
    )

    class Meta:
        template = T + "call_to_action.html"
        icon = "pick"
        label = _("行动号召")
        description = _("引导读者去练习、预约或举报的醒目按钮。")
        preview_value = {
            "title": "发现隐患？",
            "text": "拨打 12350 或在线举报。",
            "link_text": "在线举报",
            "url": "/tipoffs/",
        }

    def clean(self, value):
        value = super().clean(value)
        url = value.get("url") or ""
        if not value.get("page") and not url:
            raise blocks.StructBlockValidationError({"url": ValidationError(_("请选择站内页面或填写站内路径。"))})
        # "//host" and "/\host" start with a slash yet browsers open another site.
        if url and (not url.startswith("/") or url.startswith(("//", "/\\"))):
            raise blocks.StructBlockValidationError({"url": ValidationError(_("站内路径须以 / 开头，例如 /exams/。"))})
        return value


def body_blocks() -> list[tuple[str, blocks.Block]]:
    """The blocks every page body offers, in the order editors see them."""
    from .quiz import quiz_blocks

    return [
        ("heading", HeadingBlock()),
        ("paragraph", RichTextBlock()),
        ("image", CaptionedImageBlock()),
        ("gallery", GalleryBlock()),
        ("video", VideoBlock()),
        ("key_facts", KeyFactsBlock()),
        ("dos_donts", DosDontsBlock()),
        ("warning", WarningBlock()),
        ("steps", StepsBlock()),
        ("faq", FAQBlock()),
        ("downloads", DownloadsBlock()),
        ("timeline", TimelineBlock()),
        ("call_to_action", CallToActionBlock()),
        *quiz_blocks(),
    ]
