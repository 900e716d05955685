import datetime

import pytest
import time_machine
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from campaigns import selectors
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

from .builders import make_article, make_campaign, make_case, make_event, make_site

D = datetime.date


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_only_under_root_and_only_once(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        root = Page.get_first_root_node()
        self.assertCanCreateAt(Page, HomePage)
        root.add_child(instance=HomePage(title="首页", slug="home-a"))
        self.assertFalse(HomePage.can_create_at(root))

    def test_section_structure(self):
        self.assertAllowedSubpageTypes(HomePage, {CampaignIndexPage, ArticleIndexPage, CaseIndexPage, EventIndexPage})
        self.assertAllowedParentPageTypes(CampaignPage, {CampaignIndexPage})
        self.assertAllowedSubpageTypes(CampaignPage, {EventPage})
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedParentPageTypes(CaseStudyPage, {CaseIndexPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage, CampaignPage})
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticleIndexPage, CaseStudyPage)

    def test_editor_form_creates_a_campaign(self):
        from wagtail.test.utils.form_data import nested_form_data, streamfield

        tree = make_site()
        self.login()
        self.assertCanCreate(
            tree["campaigns"],
            CampaignPage,
            nested_form_data(
                {
                    "title": "2025年安全生产月",
                    "slug": "2025-safety-month",
                    "kind": CampaignKind.SAFETY_MONTH,
                    "year": 2025,
                    "theme": "人人讲安全、个个会应急——查找身边安全隐患",
                    "start_date": "2025-06-01",
                    "end_date": "2025-06-30",
                    "intro": "",
                    "body": streamfield([("heading", {"text": "活动安排", "level": "h2"})]),
                }
            ),
        )


@pytest.fixture
def tree(db):
    return make_site()


@pytest.fixture
def key_dates(tree):
    index = tree["campaigns"]
    return {
        "512": make_campaign(
            index,
            title="2025年防灾减灾日宣传周",
            kind=CampaignKind.DISASTER_PREVENTION_DAY,
            start=D(2025, 5, 10),
            end=D(2025, 5, 16),
        ),
        "month": make_campaign(index, title="2025年安全生产月", start=D(2025, 6, 1), end=D(2025, 6, 30)),
        "1013": make_campaign(
            index,
            title="2025年国际减灾日",
            kind=CampaignKind.DISASTER_REDUCTION_DAY,
            start=D(2025, 10, 8),
            end=D(2025, 10, 14),
        ),
        "119": make_campaign(
            index,
            title="2025年消防宣传月",
            kind=CampaignKind.FIRE_SAFETY_DAY,
            start=D(2025, 11, 1),
            end=D(2025, 11, 30),
        ),
        "special": make_campaign(
            index, title="醇基燃料专项整治", kind=CampaignKind.SPECIAL, start=D(2025, 3, 1), end=D(2025, 12, 31)
        ),
        "next512": make_campaign(
            index,
            title="2026年防灾减灾日宣传周",
            kind=CampaignKind.DISASTER_PREVENTION_DAY,
            start=D(2026, 5, 9),
            end=D(2026, 5, 15),
        ),
    }


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 5, 5), "special"),  # the year-long special campaign is running; 5·12 not yet
        (D(2025, 5, 12), "512"),  # the shorter, key-date campaign wins over the long special one
        (D(2025, 6, 20), "month"),
        (D(2025, 10, 13), "1013"),
        (D(2025, 12, 1), "special"),
    ],
)
def test_home_picks_the_campaign_running_on_the_day(key_dates, day, expected):
    assert selectors.campaign_for_date(day) == key_dates[expected]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 5, 5), "512"),
        (D(2025, 5, 12), "512"),
        (D(2025, 6, 20), "month"),
        (D(2025, 10, 13), "1013"),
        (D(2025, 12, 1), "next512"),
    ],
)
def test_without_a_special_campaign_home_shows_the_running_or_next_key_date(key_dates, day, expected):
    key_dates["special"].unpublish()
    assert selectors.campaign_for_date(day) == key_dates[expected]


def test_home_page_shows_the_campaign_of_today(client, key_dates):
    key_dates["special"].unpublish()
    with time_machine.travel(datetime.datetime(2025, 6, 20, 10, tzinfo=datetime.UTC), tick=False):
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2025年安全生产月" in html and "正在进行" in html
    with time_machine.travel(datetime.datetime(2025, 12, 1, 10, tzinfo=datetime.UTC), tick=False):
        html = client.get("/").content.decode()
    assert "2026年防灾减灾日宣传周" in html and "即将开始" in html


def test_every_page_type_renders(client, tree, key_dates):
    fire = Sector.objects.get(code="fire")
    article = make_article(tree["articles"], title="家庭灭火器怎么选")
    case = make_case(tree["cases"], title="某仓库火灾事故", sector=fire)
    event = make_event(tree["events"])
    child_event = make_event(key_dates["month"], title="安全生产月咨询日")
    for page in (
        tree["home"],
        tree["campaigns"],
        key_dates["month"],
        tree["articles"],
        article,
        tree["cases"],
        case,
        tree["events"],
        event,
        child_event,
    ):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.content.decode().count("<h1") == 1, page.url
    campaign_html = client.get(key_dates["month"].url).content.decode()
    assert "安全生产月咨询日" in campaign_html


def test_yearly_archive_per_kind(client, tree, key_dates):
    make_campaign(tree["campaigns"], title="2024年安全生产月", start=D(2024, 6, 1), end=D(2024, 6, 30))
    base = tree["campaigns"].url
    html = client.get(f"{base}archive/safety_month/").content.decode()
    assert "2024年安全生产月" in html and "2025年安全生产月" in html and "消防宣传月" not in html
    html = client.get(f"{base}archive/safety_month/2024/").content.decode()
    assert "2024年安全生产月" in html and "2025年安全生产月" not in html
    assert client.get(f"{base}archive/safety_month/1999/").status_code == 404
    assert client.get(f"{base}archive/no_such_kind/").status_code == 404


def test_article_filters_and_pagination(client, tree):
    fire = Sector.objects.get(code="fire")
    chem = Sector.objects.get(code="hazardous_chemicals")
    school = Audience.objects.get(code="school")
    for number in range(12):
        make_article(tree["articles"], title=f"消防文章{number:02d}", sectors=[fire], date=D(2025, 1, 1 + number))
    make_article(
        tree["articles"],
        title="危化品储存要点",
        sectors=[chem],
        audiences=[school],
        kind="safety_month",
        date=D(2024, 3, 3),
    )
    url = tree["articles"].url
    first = client.get(url).content.decode()
    assert "共 13 篇" in first and "第 1 页，共 2 页" in first and "消防文章11" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "危化品储存要点" in second and "消防文章11" not in second
    only_chem = client.get(url, {"sector": "hazardous_chemicals"}).content.decode()
    assert "危化品储存要点" in only_chem and "消防文章" not in only_chem
    assert "危化品储存要点" in client.get(url, {"audience": "school"}).content.decode()
    assert "共 1 篇" in client.get(url, {"kind": "safety_month"}).content.decode()
    assert "共 1 篇" in client.get(url, {"year": 2024}).content.decode()
    paged = client.get(url, {"sector": "fire", "page": 2}).content.decode()
    assert "sector=fire&amp;page=1" in paged
    bad = client.get(url, {"year": "abc"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()


def test_case_filters(client, tree):
    fire = Sector.objects.get(code="fire")
    trade = Sector.objects.get(code="industry_trade")
    make_case(tree["cases"], title="仓库火灾", sector=fire, kind="fire")
    make_case(tree["cases"], title="污水井中毒", sector=trade, kind="poisoning", date=D(2023, 5, 1))
    url = tree["cases"].url
    assert "污水井中毒" not in client.get(url, {"kind": "fire"}).content.decode()
    assert "仓库火灾" not in client.get(url, {"sector": "industry_trade"}).content.decode()
    assert "仓库火灾" not in client.get(url, {"year": 2023}).content.decode()


def test_events_calendar_month_grid_and_list(client, tree):
    event = make_event(tree["events"], title="安全知识进校园", days_ahead=2)
    html = client.get(tree["events"].url).content.decode()
    assert "安全知识进校园" in html and '<table class="calendar"' in html
    local = event.starts_at.astimezone()
    other_month = client.get(f"{tree['events'].url}{local.year + 1}/{local.month}/").content.decode()
    assert "即将举行的活动" in other_month
    assert client.get(f"{tree['events'].url}2025/13/").status_code == 404


def test_campaign_dates_constraint(tree):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        make_campaign(tree["campaigns"], start=D(2025, 6, 30), end=D(2025, 6, 1))


def test_event_registration_link_refuses_javascript_urls(tree):
    from django.core.exceptions import ValidationError

    from .builders import make_event

    event = make_event(tree["events"])
    event.registration_url = "javascript:alert(1)"
    with pytest.raises(ValidationError, match="站内路径"):
        event.full_clean()
    event.registration_url = "/bookings/"
    event.full_clean()


def test_a_bad_page_number_keeps_the_filters(client, tree):
    fire = Sector.objects.get(code="fire")
    chem = Sector.objects.get(code="hazardous_chemicals")
    make_article(tree["articles"], title="消防文章", sectors=[fire])
    make_article(tree["articles"], title="危化品储存要点", sectors=[chem])
    html = client.get(tree["articles"].url, {"sector": "hazardous_chemicals", "page": "abc"}).content.decode()
    assert "危化品储存要点" in html and "消防文章" not in html
