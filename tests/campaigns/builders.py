"""Build a small site tree through Wagtail's own page API (add_child + publish), as editors would."""

import datetime
import itertools

from django.utils import timezone
from wagtail.models import Page, Site

from campaigns.models import (
    ArticleIndexPage,
    ArticlePage,
    Audience,
    CampaignIndexPage,
    CampaignKind,
    CampaignPage,
    CaseIndexPage,
    CaseStudyPage,
    EventIndexPage,
    EventPage,
    HomePage,
    Sector,
)

_counter = itertools.count(1)


def publish(parent: Page, page: Page, **m2m) -> Page:
    parent.add_child(instance=page)
    for name, values in m2m.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def ensure_base_data() -> None:
    """Restore what migrations seed (root page, default site, 五进, sectors, 三审 workflow) when a
    transactional test before this one flushed the database."""
    from importlib import import_module

    from django.apps import apps
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale

    if Page.get_first_root_node() is not None:
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.add_root(title="Root", slug="root", locale=locale, content_type=ContentType.objects.get_for_model(Page))
    Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)
    import_module("campaigns.migrations.0002_taxonomy_and_review_workflow").forwards(apps, None)
    import_module("campaigns.migrations.0003_review_task_three_groups").forwards(apps, None)
    import_module("campaigns.migrations.0004_taxonomy_english_names").forwards(apps, None)
    import_module("campaigns.migrations.0005_chinese_wagtail_defaults").forwards(apps, None)


def make_site() -> dict:
    """Home (root of the default site) with the four index pages."""
    ensure_base_data()
    root = Page.get_first_root_node()
    home = HomePage(title="云梦应急宣教", slug="home-cn", intro="人人讲安全、个个会应急。")
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return {
        "home": home,
        "campaigns": publish(home, CampaignIndexPage(title="宣传专题", slug="campaigns")),
        "articles": publish(home, ArticleIndexPage(title="科普文章", slug="articles")),
        "cases": publish(home, CaseIndexPage(title="典型事故案例", slug="cases")),
        "events": publish(home, EventIndexPage(title="活动日历", slug="events")),
    }


def make_campaign(index, *, title="安全生产月", kind=CampaignKind.SAFETY_MONTH, start, end, theme="", body=None):
    page = CampaignPage(
        title=title,
        slug=f"campaign-{next(_counter)}",
        kind=kind,
        year=start.year,
        theme=theme,
        start_date=start,
        end_date=end,
        body=body or [],
    )
    return publish(index, page, audiences=list(Audience.objects.all()[:2]), sectors=list(Sector.objects.all()[:2]))


def make_article(index, *, title, date=datetime.date(2025, 6, 1), kind="", sectors=(), audiences=(), text="正文。"):
    page = ArticlePage(
        title=title,
        slug=f"article-{next(_counter)}",
        date=date,
        kind=kind,
        intro="导语",
        body=[{"type": "paragraph", "value": f"<p>{text}</p>"}],
    )
    return publish(index, page, sectors=list(sectors), audiences=list(audiences))


def make_case(index, *, title, sector, date=datetime.date(2024, 7, 3), kind="fire", causes="<p>违规操作。</p>"):
    page = CaseStudyPage(
        title=title,
        slug=f"case-{next(_counter)}",
        date=date,
        place="某企业",
        place_type="仓库",
        kind=kind,
        sector=sector,
        deaths=1,
        injuries=2,
        direct_causes=causes,
        lessons="<p>培训不到位。</p>",
        measures="<p>加强培训。</p>",
    )
    return publish(index, page)


def make_event(parent, *, title="社区消防演练", days_ahead=3):
    starts = timezone.now() + datetime.timedelta(days=days_ahead)
    page = EventPage(
        title=title,
        slug=f"event-{next(_counter)}",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="城关镇社区广场",
        organiser="县应急管理局",
    )
    return publish(parent, page)
