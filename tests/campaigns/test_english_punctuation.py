"""English mode reads as English around the (Chinese) content: a space after a label, commas between
list items (issue 13: "Theme:小场所…", "Enterprises、Communities"); Chinese mode keeps its punctuation."""

import datetime

import pytest
from django.conf import settings
from django.utils import translation

from campaigns.models import Audience, CampaignKind

from .builders import make_article, make_campaign, make_event, make_site


@pytest.fixture
def tree(db):
    return make_site()


def _labels(audiences, language: str) -> list[str]:
    with translation.override(language):
        return [a.label for a in audiences]


def test_labels_are_spaced_and_lists_use_commas_in_english(client, tree):
    audiences = list(Audience.objects.order_by("pk")[:2])
    today = datetime.date.today()
    campaign = make_campaign(
        tree["campaigns"],
        title="九小场所专项整治",
        kind=CampaignKind.SPECIAL,
        start=today,
        end=today + datetime.timedelta(days=30),
        theme="小场所大安全",
    )
    article = make_article(tree["articles"], title="防火常识", audiences=audiences)
    event = make_event(tree["events"])
    event.audiences.set(audiences)
    event.save_revision().publish()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(campaign.url).content.decode()
    assert "Theme: <strong>小场所大安全</strong>" in page
    assert "Event dates: <time" in page
    assert "Theme: 小场所大安全" in client.get("/").content.decode()  # the home page's featured campaign
    english = _labels(audiences, "en")
    assert f"Intended for: {', '.join(english)}" in client.get(article.url).content.decode()
    assert f"<dd>{', '.join(english)}</dd>" in client.get(event.url).content.decode()
    footer = client.get(article.url).content.decode().split("<footer", 1)[1]
    assert "Address: " in footer and "Office hours: " in footer

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "主题：<strong>小场所大安全</strong>" in client.get(campaign.url).content.decode()
    chinese = _labels(audiences, "zh-hans")
    assert f"适用对象：{'、'.join(chinese)}" in client.get(article.url).content.decode()
    assert f"<dd>{'、'.join(chinese)}</dd>" in client.get(event.url).content.decode()
