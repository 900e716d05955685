"""The campaigns demo: this year's key-date campaigns, fixed demo data, idempotent."""

import datetime
import io

import pytest
from django.utils import timezone
from wagtail.models import Page

from campaigns import demo, selectors
from campaigns.models import CampaignKind, CampaignPage, EventPage

from .builders import ensure_base_data


@pytest.fixture
def seeded(db):
    ensure_base_data()
    demo.seed(io.StringIO())
    return timezone.localdate().year


def test_each_key_date_of_this_year_has_its_campaign_and_is_featured_on_its_day(seeded):
    year = seeded
    for day, kind in [
        ((5, 12), CampaignKind.DISASTER_PREVENTION_DAY),
        ((6, 16), CampaignKind.SAFETY_MONTH),
        ((10, 13), CampaignKind.DISASTER_REDUCTION_DAY),
        ((11, 9), CampaignKind.FIRE_SAFETY_DAY),
    ]:
        featured = selectors.campaign_for_date(datetime.date(year, *day))
        assert featured.kind == kind and featured.year == year, (day, featured)
    themes = dict(CampaignPage.objects.filter(year=year).values_list("kind", "theme"))
    assert themes[CampaignKind.DISASTER_PREVENTION_DAY].startswith("人人讲安全、个个会应急")
    assert themes[CampaignKind.SAFETY_MONTH].startswith("人人讲安全、个个会应急")
    month = CampaignPage.objects.get(year=year, kind=CampaignKind.SAFETY_MONTH)
    consultation = EventPage.objects.child_of(month).get()
    assert timezone.localtime(consultation.starts_at).date() == datetime.date(year, 6, 16)


def test_demo_fixes_sector_heading_and_slugs(client, seeded):
    venues = CampaignPage.objects.get(slug=f"{seeded}-nine-small-venues")
    assert "九小场所" in {sector.name for sector in venues.sectors.all()}
    html = client.get(venues.url).content.decode()
    assert html.count(">活动安排</h2>") == 1
    assert all(slug.isascii() for slug in Page.objects.values_list("slug", flat=True))


def test_seeding_again_changes_nothing(seeded):
    counts = (Page.objects.count(), EventPage.objects.count())
    latest = Page.objects.order_by("-latest_revision_created_at").values_list("latest_revision_created_at").first()
    demo.seed(io.StringIO())
    assert (Page.objects.count(), EventPage.objects.count()) == counts
    again = Page.objects.order_by("-latest_revision_created_at").values_list("latest_revision_created_at").first()
    assert again == latest
