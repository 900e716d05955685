# ruff: noqa: E501 — demo prose is kept as whole sentences, one per string.
"""Demo site for ``seed_demo``: the page tree, campaigns 2024–2026, articles, cases, events, images.

Idempotent: pages are found by parent and slug, images and documents by title, settings by site.
Events are moved forward so the calendar always shows upcoming activities.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from exams.models import QuestionBank

from . import demo_content as C
from . import demo_media, services
from .models import (
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
    SiteSettings,
)

D = datetime.date


def _child(parent: Page, model: type, slug: str, **fields):
    """The live child page ``slug`` of ``parent``, created and published if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing
    m2m = {name: fields.pop(name) for name in ("audiences", "sectors") if name in fields}
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    for name, values in m2m.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    return page


def _stream(blocks: list[tuple[str, object]]) -> list[dict]:
    return [{"type": kind, "value": value} for kind, value in blocks]


def _home(stdout) -> HomePage:
    site = Site.objects.filter(is_default_site=True).first()
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="云梦应急宣教",
            slug="yunmeng",
            intro="人人讲安全、个个会应急。这里有云梦县应急管理局的宣传活动、科普知识和典型事故案例。",
            search_description="云梦县应急管理局安全宣传教育：防灾减灾日、安全生产月、消防宣传月、科普文章与典型事故案例。",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="云梦应急"
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        # Wagtail's initial "Welcome" page: a bare Page with no children; nothing links to it.
        if old_root.specific_class is Page and not old_root.get_children().exists():
            old_root.delete()
            stdout.write("  campaigns: replaced Wagtail's welcome page with the HomePage")
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "hotline": "12350",
            "other_hotlines": "火警 119\n急救 120\n报警 110",
            "bureau_name": "云梦县应急管理局",
            "address": "湖北省孝感市云梦县城关镇",
            "office_hours": "工作日 8:30–12:00，14:30–17:30",
            "footer_links": [
                {"type": "link", "value": {"label": "在线练习", "url": "/exams/"}},
                {"type": "link", "value": {"label": "考试预约", "url": "/bookings/"}},
                {"type": "link", "value": {"label": "培训课程", "url": "/courses/"}},
                {"type": "link", "value": {"label": "安全举报", "url": "/tipoffs/"}},
            ],
        },
    )
    return home


def _key_date_rows(year: int) -> list[tuple]:
    """This year's campaign for each key date (DESIGN §3), so the home page's featured campaign
    changes through the year whenever the demo is seeded. 2024 and 2025 are listed by hand."""
    if year in (2024, 2025):
        return []
    K = CampaignKind
    return [
        (
            f"{year}-disaster-prevention-week",
            f"{year}年全国防灾减灾日宣传周",
            K.DISASTER_PREVENTION_DAY,
            year,
            C.theme_for(C.THEMES_512, year),
            D(year, 5, 9),
            D(year, 5, 15),
            "house",
        ),
        (
            f"{year}-safety-month",
            f"{year}年安全生产月",
            K.SAFETY_MONTH,
            year,
            C.theme_for(C.THEMES_MONTH, year),
            D(year, 6, 1),
            D(year, 6, 30),
            "shield",
        ),
        (
            f"{year}-disaster-reduction-day",
            f"{year}年国际减灾日宣传活动",
            K.DISASTER_REDUCTION_DAY,
            year,
            "",
            D(year, 10, 8),
            D(year, 10, 14),
            "house",
        ),
        (
            f"{year}-fire-safety-month",
            f"{year}年“119”消防宣传月",
            K.FIRE_SAFETY_DAY,
            year,
            "",
            D(year, 11, 1),
            D(year, 11, 30),
            "flame",
        ),
    ]


def _campaign_sectors(slug: str, shape: str, sector: dict) -> list[Sector]:
    if "nine-small-venues" in slug:
        return [sector["small_venues"], sector["fire"]]
    if shape == "flame":
        return [sector["fire"], sector["hazardous_chemicals"]]
    return [sector["other"]]


def _fix_demo_campaign(page: CampaignPage, sectors: list[Sector]) -> None:
    """Bring a campaign seeded by an older demo up to date (sectors; the key-facts title that
    repeated the 活动安排 heading of the events section)."""
    body = list(page.body.raw_data)
    retitled = False
    for block in body:
        if block["type"] == "key_facts" and block["value"].get("title") == "活动安排":
            block["value"]["title"] = "活动规模"
            retitled = True
    if {s.pk for s in page.sectors.all()} == {s.pk for s in sectors} and not retitled:
        return
    page.sectors.set(sectors)
    page.body = body
    page.save_revision().publish()


def _safety_consultation_day(campaign: CampaignPage) -> None:
    """安全生产月's 6·16 安全宣传咨询日 as an activity of the campaign."""
    tz = timezone.get_current_timezone()
    starts = datetime.datetime(campaign.year, 6, 16, 9, tzinfo=tz)
    _child(
        campaign,
        EventPage,
        f"consultation-day-{campaign.year}",
        title=f"{campaign.year}年“6·16”安全宣传咨询日",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        place="云梦县人民广场",
        organiser="县安委会办公室、县应急管理局",
        intro="各部门集中设点，发放宣传资料，解答群众安全生产咨询，现场演示灭火器使用。",
        audiences=list(Audience.objects.filter(code__in=["community", "family", "enterprise"])),
    )


def _campaigns(index: CampaignIndexPage, pictures: dict, leaflet) -> list[CampaignPage]:
    audiences = list(Audience.objects.all())
    sector = {s.code: s for s in Sector.objects.all()}
    this_year = timezone.localdate().year
    downloads = {
        "title": "宣传资料下载",
        "items": [{"document": leaflet.pk, "title": "家庭应急知识折页（PDF）", "description": "可打印张贴"}],
    }
    K = CampaignKind
    rows = [
        (
            "2024-disaster-prevention-week",
            "2024年全国防灾减灾日宣传周",
            K.DISASTER_PREVENTION_DAY,
            2024,
            C.THEME_512_2024,
            D(2024, 5, 11),
            D(2024, 5, 17),
            "house",
        ),
        (
            "2025-disaster-prevention-week",
            "2025年全国防灾减灾日宣传周",
            K.DISASTER_PREVENTION_DAY,
            2025,
            C.THEME_512_2025,
            D(2025, 5, 10),
            D(2025, 5, 16),
            "house",
        ),
        (
            "2024-safety-month",
            "2024年安全生产月",
            K.SAFETY_MONTH,
            2024,
            C.THEME_MONTH_2024,
            D(2024, 6, 1),
            D(2024, 6, 30),
            "shield",
        ),
        (
            "2025-safety-month",
            "2025年安全生产月",
            K.SAFETY_MONTH,
            2025,
            C.THEME_MONTH_2025,
            D(2025, 6, 1),
            D(2025, 6, 30),
            "shield",
        ),
        (
            "2024-disaster-reduction-day",
            "2024年国际减灾日宣传活动",
            K.DISASTER_REDUCTION_DAY,
            2024,
            "",
            D(2024, 10, 8),
            D(2024, 10, 14),
            "house",
        ),
        (
            "2025-disaster-reduction-day",
            "2025年国际减灾日宣传活动",
            K.DISASTER_REDUCTION_DAY,
            2025,
            "",
            D(2025, 10, 8),
            D(2025, 10, 14),
            "house",
        ),
        (
            "2024-fire-safety-month",
            "2024年“119”消防宣传月",
            K.FIRE_SAFETY_DAY,
            2024,
            "",
            D(2024, 11, 1),
            D(2024, 11, 30),
            "flame",
        ),
        (
            "2025-fire-safety-month",
            "2025年“119”消防宣传月",
            K.FIRE_SAFETY_DAY,
            2025,
            "",
            D(2025, 11, 1),
            D(2025, 11, 30),
            "flame",
        ),
        *_key_date_rows(this_year),
        (
            "2025-methanol-fuel",
            "醇基燃料安全专项整治",
            K.SPECIAL,
            2025,
            "严厉打击醇基燃料非法生产、储存、经营和使用",
            D(2025, 3, 1),
            D(2025, 12, 31),
            "flame",
        ),
        (
            f"{this_year}-nine-small-venues",
            f"{this_year}年“九小场所”消防安全专项整治",
            K.SPECIAL,
            this_year,
            "小场所大安全：查隐患、促整改、保平安",
            D(this_year, 1, 1),
            D(this_year, 12, 31),
            "shield",
        ),
    ]
    # exams seeds before campaigns, so the public quiz bank exists when the demo runs after it.
    quiz_bank = QuestionBank.objects.filter(code="public-safety", is_public=True, is_active=True).first()
    pages = []
    for slug, title, kind, year, theme, start, end, shape in rows:
        body = [
            (
                "paragraph",
                f"<p>{title}期间，云梦县应急管理局会同各乡镇、各行业主管部门，围绕{theme or '主题'}，组织开展宣传咨询、应急演练、隐患排查和案例警示教育活动，推动安全宣传进企业、进农村、进社区、进学校、进家庭。</p>",
            ),
            (
                "key_facts",
                {
                    "title": "活动规模",
                    "facts": [
                        {"figure": "13", "label": "个乡镇和开发区同步开展"},
                        {"figure": "5", "label": "类宣传对象（五进）"},
                    ],
                },
            ),
            ("faq", C.FAQ_EVACUATION),
            ("downloads", downloads),
        ]
        if kind == K.SPECIAL and "nine" in slug:
            body.insert(
                1,
                (
                    "dos_donts",
                    {
                        "title": "九小场所自查要点",
                        "dos": ["保持疏散通道、安全出口畅通", "配齐灭火器并会使用", "人员住宿与经营、储存区域防火分隔"],
                        "donts": ["“三合一”违规住人", "私拉乱接电线", "在门窗设置影响逃生的铁栅栏"],
                    },
                ),
            )
            body.insert(
                1,
                (
                    "paragraph",
                    "<p>九小场所包括小学校或幼儿园、小医院、小商店、小餐饮、小旅馆、小歌舞娱乐、小网吧、小美容洗浴、小生产加工企业。这些场所数量多、分布广，一旦发生火灾，极易造成群死群伤。</p>",
                ),
            )
        if kind == K.FIRE_SAFETY_DAY:
            body.insert(1, ("steps", C.STEPS_EXTINGUISHER))
        if quiz_bank is not None:
            body.insert(-1, ("quiz", {"title": "安全知识小测验", "bank": quiz_bank.pk, "question_count": 10}))
        page = _child(
            index,
            CampaignPage,
            slug,
            title=title,
            kind=kind,
            year=year,
            theme=theme,
            start_date=start,
            end_date=end,
            intro=f"{title}：{theme}" if theme else f"{title}，欢迎广大群众积极参与。",
            listing_image=pictures[shape],
            body=_stream(body),
            audiences=audiences,
            sectors=_campaign_sectors(slug, shape, sector),
        )
        _fix_demo_campaign(page, _campaign_sectors(slug, shape, sector))
        if kind == K.SAFETY_MONTH and year == this_year:
            _safety_consultation_day(page)
        pages.append(page)
    return pages


def _events(calendar: EventIndexPage, campaign: CampaignPage) -> None:
    from accounts.models import Town

    towns = list(Town.objects.all()[:4])
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    rows = [
        (calendar, "fire-drill-community", "社区消防疏散演练", 3, "城关镇某社区广场", "城关镇人民政府"),
        (calendar, "school-safety-lesson", "安全知识进校园公开课", 8, "县实验小学报告厅", "县应急管理局、县教育局"),
        (campaign, "venue-inspection-training", "九小场所经营者消防安全培训", 12, "县应急管理局培训室", "县应急管理局"),
        (calendar, "enterprise-hazard-clinic", "企业隐患排查咨询日", 20, "经济开发区服务中心", "县应急管理局"),
    ]
    audiences = {a.code: a for a in Audience.objects.all()}
    for number, (parent, slug, title, days, place, organiser) in enumerate(rows):
        starts = now.replace(hour=9) + datetime.timedelta(days=days)
        page = _child(
            parent,
            EventPage,
            slug,
            title=title,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=3),
            place=place,
            town=towns[number % len(towns)] if towns else None,
            organiser=organiser,
            capacity=100 if number % 2 else None,
            intro=f"{title}，欢迎参加。",
            audiences=[audiences["community"], audiences["family"]] if number == 0 else [audiences["enterprise"]],
        )
        if page.ends_at < timezone.now():  # keep the calendar's demo events upcoming
            page.starts_at, page.ends_at = starts, starts + datetime.timedelta(hours=3)
            page.save_revision().publish()


def seed(stdout) -> None:
    with transaction.atomic():
        pictures = {
            "flame": demo_media.picture("消防宣传配图", (180, 53, 11), "flame"),
            "shield": demo_media.picture("安全生产月配图", (11, 74, 139), "shield"),
            "house": demo_media.picture("防灾减灾配图", (22, 101, 52), "house"),
        }
        leaflet = demo_media.leaflet("家庭应急知识折页")
        home = _home(stdout)
        campaigns_index = _child(
            home,
            CampaignIndexPage,
            "campaigns",
            title="宣传专题",
            intro="防灾减灾日、安全生产月、国际减灾日、消防宣传月和专项整治活动。",
        )
        articles_index = _child(
            home, ArticleIndexPage, "articles", title="科普文章", intro="看得懂、用得上的安全知识。"
        )
        cases_index = _child(
            home, CaseIndexPage, "cases", title="典型事故案例", intro="以案说法：每一起事故背后都有可以避免的原因。"
        )
        calendar = _child(home, EventIndexPage, "events", title="活动日历", intro="近期在各乡镇开展的安全宣传活动。")
        campaigns = _campaigns(campaigns_index, pictures, leaflet)
        sectors = {s.code: s for s in Sector.objects.all()}
        audiences = {a.code: a for a in Audience.objects.all()}
        for number, row in enumerate(C.ARTICLES):
            _child(
                articles_index,
                ArticlePage,
                row["slug"],
                title=row["title"],
                date=row["date"],
                kind=row["kind"],
                intro=row["intro"],
                listing_image=list(pictures.values())[number % 3],
                body=_stream(row["body"]),
                sectors=[sectors[c] for c in row["sectors"]],
                audiences=[audiences[c] for c in row["audiences"]],
            )
        for row in C.CASES:
            fields = {k: v for k, v in row.items() if k not in {"slug", "sector", "audiences"}}
            _child(
                cases_index,
                CaseStudyPage,
                row["slug"],
                sector=sectors[row["sector"]],
                audiences=[audiences[c] for c in row["audiences"]],
                **fields,
            )
        _events(calendar, campaigns[-1])
        services.search_index_rebuild()
    stdout.write(
        f"  campaigns: {CampaignPage.objects.count()} campaigns, {ArticlePage.objects.count()} articles, "
        f"{CaseStudyPage.objects.count()} cases, {EventPage.objects.count()} events"
    )
