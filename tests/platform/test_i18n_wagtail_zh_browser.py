"""In a real browser: the StreamField's own strings, which Wagtail's scripts translate from /admin/jsi18n/."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.campaigns.builders import make_campaign, make_site

pytestmark = [pytest.mark.e2e]


def test_streamfield_insert_button_is_in_chinese(browser_page, live_server, transactional_db):
    tree = make_site()
    start = datetime.date(2026, 6, 1)
    campaign = make_campaign(
        tree["campaigns"],
        start=start,
        end=start + datetime.timedelta(days=29),
        body=[{"type": "paragraph", "value": "<p>安全生产月活动。</p>"}],
    )
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client = Client()
    client.force_login(root)
    page = browser_page
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"/admin/pages/{campaign.id}/edit/")
    add_button = page.locator("button.c-sf-add-button").first
    add_button.wait_for(state="attached")
    assert add_button.get_attribute("title") == "插入区块"
    assert page.evaluate("window.django.gettext('Changes have been autosaved.')") == "更改已自动保存。"
    assert page.locator("button[title='Insert a block']").count() == 0
