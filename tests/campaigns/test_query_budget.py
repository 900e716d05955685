import datetime

import pytest

from .builders import make_campaign, make_event, make_site


def _uncached(client, url, django_assert_max_num_queries, budget):
    # A query string bypasses the page cache; the first request warms per-process caches
    # (content types, site root paths, footer settings) as a running server has them.
    client.get(f"{url}?warm=1")
    with django_assert_max_num_queries(budget):
        response = client.get(f"{url}?warm=2")
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("children", [1, 12])
def test_uncached_campaign_page_stays_within_15_queries(client, db, django_assert_max_num_queries, children):
    tree = make_site()
    campaign = make_campaign(
        tree["campaigns"],
        start=datetime.date(2025, 6, 1),
        end=datetime.date(2025, 6, 30),
        body=[
            {"type": "faq", "value": {"title": "问答", "items": [{"question": "问？", "answer": "<p>答。</p>"}]}},
            {"type": "steps", "value": {"title": "步骤", "steps": [{"title": "提", "text": ""}]}},
        ],
    )
    for number in range(children):
        make_event(campaign, title=f"活动{number}")
    response = _uncached(client, campaign.url, django_assert_max_num_queries, 15)
    assert response.content.decode().count('class="event-item"') == children


@pytest.mark.parametrize("page_key", ["home", "campaigns", "articles", "cases", "events"])
def test_uncached_index_pages_stay_within_15_queries(client, db, django_assert_max_num_queries, page_key):
    tree = make_site()
    _uncached(client, tree[page_key].url, django_assert_max_num_queries, 15)
