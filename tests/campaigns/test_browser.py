"""Real-browser tests (Debian Chromium via Playwright): the visitor's path and an axe audit per page type."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import CampaignKind, Sector

from .builders import make_article, make_campaign, make_case, make_event, make_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FAQ = {
    "type": "faq",
    "value": {
        "title": "常见问题",
        "items": [{"question": "家里着火了先做什么？", "answer": "<p>火势扩大要立即撤离并拨打 119。</p>"}],
    },
}


def _site():
    tree = make_site()
    today = timezone.localdate()
    campaign = make_campaign(
        tree["campaigns"],
        title="消防安全宣传月",
        kind=CampaignKind.FIRE_SAFETY_DAY,
        theme="全民消防 生命至上",
        start=today - datetime.timedelta(days=3),
        end=today + datetime.timedelta(days=20),
        body=[
            {"type": "paragraph", "value": "<p>开展消防宣传进社区活动。</p>"},
            FAQ,
            {"type": "steps", "value": {"title": "灭火器四步法", "steps": [{"title": "提", "text": "提起灭火器"}]}},
            {"type": "warning", "value": {"level": "danger", "title": "严禁", "text": "<p>严禁堵塞消防通道。</p>"}},
            {"type": "dos_donts", "value": {"title": "充电", "dos": ["集中充电"], "donts": ["飞线充电"]}},
            {"type": "heading", "value": {"text": "活动成效", "level": "h2"}},
            {"type": "key_facts", "value": {"title": "数据", "facts": [{"figure": "1200", "label": "参与人次"}]}},
            {
                "type": "timeline",
                "value": {"title": "安排", "events": [{"when": "11月9日", "title": "主题活动", "text": ""}]},
            },
            {"type": "warning", "value": {"level": "warning", "title": "注意", "text": "<p>检查灭火器压力。</p>"}},
            {
                "type": "call_to_action",
                "value": {
                    "title": "发现隐患？",
                    "text": "拨打 12350",
                    "link_text": "在线举报",
                    "page": None,
                    "url": "/tipoffs/",
                },
            },
        ],
    )
    article = make_article(tree["articles"], title="家庭常备灭火器", text="起火初期，正确使用灭火器可以把火扑灭。")
    case = make_case(tree["cases"], title="某仓库电气火灾事故", sector=Sector.objects.get(code="fire"))
    event = make_event(tree["events"], title="社区消防演练")
    return tree, campaign, article, case, event


def test_visitor_opens_home_follows_campaign_uses_faq_and_search(browser_page, axe_violations):
    _, campaign, _, _, _ = _site()
    page = browser_page
    page.goto("/")
    page.get_by_role("link", name="消防安全宣传月").first.click()
    page.wait_for_url(f"**{campaign.url}")
    assert page.get_by_role("heading", level=1).inner_text() == "消防安全宣传月"

    answer = page.get_by_text("火势扩大要立即撤离并拨打 119。")
    assert not answer.is_visible()
    page.get_by_text("家里着火了先做什么？").click()
    assert answer.is_visible()

    page.get_by_label("搜索宣教内容").first.fill("灭火器")
    page.get_by_role("button", name="搜索").first.click()
    page.wait_for_url("**/search/?q=*")
    assert page.locator("mark", has_text="灭火器").count() >= 1
    assert page.get_by_role("link", name="家庭常备灭火器").count() == 1
    assert axe_violations(page) == []


def test_every_public_page_type_passes_axe(browser_page, axe_violations):
    tree, campaign, article, case, event = _site()
    urls = [
        tree["home"].url,
        tree["campaigns"].url,
        campaign.url,
        f"{tree['campaigns'].url}archive/fire_safety_day/",
        tree["articles"].url,
        article.url,
        tree["cases"].url,
        case.url,
        tree["events"].url,
        event.url,
        "/search/?q=灭火器",
        f"{tree['campaigns'].url}?kind=fire_safety_day",
        "/help/",
        "/help/reviewer/",
    ]
    problems = {}
    for url in urls:
        browser_page.goto(url)
        found = axe_violations(browser_page)
        if found:
            problems[url] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]
    assert problems == {}


def test_citizen_browses_from_the_navigation_filters_and_reads(browser_page, axe_violations):
    tree, _, article, _, _ = _site()
    make_article(tree["articles"], title="燃气泄漏怎么办", text="关阀门、开窗通风、不开关电器。")
    page = browser_page
    page.goto("/")
    page.get_by_role("navigation", name="宣传教育栏目").get_by_role("link", name="科普文章").click()
    page.wait_for_url(f"**{tree['articles'].url}")
    assert page.get_by_role("heading", level=1).inner_text() == "科普文章"
    assert axe_violations(page) == []

    page.get_by_label("年份").fill("2025")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**year=2025*")
    assert page.get_by_role("link", name="家庭常备灭火器").count() == 1
    page.get_by_role("link", name="家庭常备灭火器").click()
    page.wait_for_url(f"**{article.url}")
    assert "正确使用灭火器" in page.locator("main").inner_text()

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="宣传教育").click()
    page.wait_for_url(f"**{tree['campaigns'].url}")
    page.get_by_label("活动类别").select_option("fire_safety_day")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**kind=fire_safety_day*")
    assert page.get_by_role("link", name="消防安全宣传月").count() == 1
    assert axe_violations(page) == []
