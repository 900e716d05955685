from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class SearchEntry(models.Model):
    """The segmented text of one live page, so Chinese words can be found mid-sentence.

    ``tokens`` holds space-delimited terms (jieba words, CJK unigrams and bigrams, Latin words)
    with a leading and trailing space, so a term lookup is ``tokens LIKE '% term %'`` on every
    database; see ``campaigns.search``.
    """

    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="+")
    title = models.CharField(_("标题"), max_length=255)
    text = models.TextField(_("正文（纯文本）"), blank=True)
    tokens = models.TextField(_("分词"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")

    def __str__(self) -> str:
        return self.title
