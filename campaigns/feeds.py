"""RSS and Atom feeds of the newest 科普文章 and 典型事故案例."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import ArticlePage, CaseStudyPage

FEED_SIZE = 20


class _PageFeed(Feed):
    model: type
    description_template = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        request.page_cacheable = True
        return super().__call__(request, *args, **kwargs)

    def items(self):
        return list(self.model.objects.live().public().order_by("-date", "-pk")[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro or item.search_description

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time.min))

    def item_updateddate(self, item):
        return item.last_published_at


class ArticleFeed(_PageFeed):
    model = ArticlePage
    title = _("云梦应急 · 科普文章")
    link = "/"
    description = _("云梦县应急管理局发布的安全科普文章。")


class CaseFeed(_PageFeed):
    model = CaseStudyPage
    title = _("云梦应急 · 典型事故案例")
    link = "/"
    description = _("以案说法：典型事故的经过、原因、教训和防范措施。")

    def item_categories(self, item):
        return [item.get_kind_display()]


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description


class CaseAtomFeed(CaseFeed):
    feed_type = Atom1Feed
    subtitle = CaseFeed.description
