"""Reads the public pages share, each with its own select/prefetch so listings cannot grow an N+1."""

import datetime
from dataclasses import dataclass

from django.db.models import ExpressionWrapper, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Length, Lower, Replace
from django.utils import timezone
from django.utils.safestring import SafeString
from wagtail.models import Page

from . import search
from .models import ArticlePage, Audience, CampaignPage, CaseStudyPage, EventPage, SearchEntry, Sector
from .models.taxonomy import label_for


def campaign_for_date(day: datetime.date) -> CampaignPage | None:
    """The campaign running on ``day`` (the shortest one if several overlap), else the next to start."""
    live = CampaignPage.objects.live().public().select_related("listing_image")
    running = list(live.filter(start_date__lte=day, end_date__gte=day))
    if running:
        return min(running, key=lambda c: (c.end_date - c.start_date, c.start_date, c.pk))
    return live.filter(start_date__gt=day).order_by("start_date", "pk").first()


def latest_articles(*, limit: int) -> list[ArticlePage]:
    return list(ArticlePage.objects.live().public().select_related("listing_image").order_by("-date", "-pk")[:limit])


def latest_cases(*, limit: int) -> list[CaseStudyPage]:
    return list(
        CaseStudyPage.objects.live().public().select_related("listing_image", "sector").order_by("-date", "-pk")[:limit]
    )


def _events():
    return EventPage.objects.live().public().select_related("town")


def upcoming_events(*, limit: int) -> list[EventPage]:
    return list(_events().filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")[:limit])


def events_in_month(year: int, month: int) -> list[EventPage]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return list(_events().filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk"))


def campaign_events(campaign: CampaignPage) -> list[EventPage]:
    """The campaign's child activities in one query however many there are."""
    return list(_events().child_of(campaign).order_by("starts_at", "pk"))


@dataclass(frozen=True)
class Tag:
    code: str
    name: str
    sort_order: int
    name_en: str = ""

    @property
    def label(self) -> str:
        return label_for(self.name, self.name_en)


def page_tags(page, *, sectors: bool = True) -> tuple[list[Tag], list[Tag]]:
    """A page's 五进 audiences and (many-to-many) sectors in one UNION query: (audiences, sectors)."""
    model = type(page)
    fields = ("kind", "code", "name", "sort_order", "name_en")
    query = (
        Audience.objects.filter(**{f"{model._meta.model_name}": page})
        .annotate(kind=Value("a"))
        .order_by()
        .values_list(*fields)
    )
    if sectors:
        query = query.union(
            Sector.objects.filter(**{f"{model._meta.model_name}": page})
            .annotate(kind=Value("s"))
            .order_by()
            .values_list(*fields)
        )
    audiences: list[Tag] = []
    sector_list: list[Tag] = []
    for kind, code, name, sort_order, name_en in query:
        (audiences if kind == "a" else sector_list).append(Tag(code, name, sort_order, name_en))
    return sorted(audiences, key=lambda t: t.sort_order), sorted(sector_list, key=lambda t: t.sort_order)


@dataclass
class SearchHit:
    page: Page
    title: SafeString
    excerpt: SafeString
    score: int


def _occurrences(field: str, term: str):
    """How often ``term`` occurs in ``field`` (lower-cased if it has Latin letters), in the database."""
    text = Lower(F(field)) if any("a" <= char <= "z" for char in term) else F(field)
    return (Length(text) - Length(Replace(text, Value(term), Value("")))) / len(term)


def search_ranked(query: str) -> tuple[search.ParsedQuery, QuerySet[SearchEntry]]:
    """(parsed query, entries best first) for live, public pages holding every segment of ``query``.

    Ranked in the database (whole-phrase occurrences, title first; see ``search.score``), so a
    results page fetches its ten rows and a count, not every candidate's text. ``search_hits``
    then loads pages and highlights just that slice.
    """
    parsed = search.parse_query(query)
    if not parsed.required:
        return parsed, SearchEntry.objects.none()
    entries = SearchEntry.objects.filter(page__in=Page.objects.live().public().values("pk"))
    condition = Q()
    for term in parsed.required:
        condition &= Q(tokens__contains=term)
    # search.score's weights, one expression per distinct term and field.
    weights: dict[tuple[str, str], int] = {}
    for terms, title_weight, text_weight in ((parsed.phrases, 20, 5), (parsed.words, 2, 1)):
        for term in terms:
            weights[("title", term)] = weights.get(("title", term), 0) + title_weight
            weights[("text", term)] = weights.get(("text", term), 0) + text_weight
    points = Value(0)
    for (field, term), weight in weights.items():
        points = points + weight * _occurrences(field, term)
    ranked = (
        entries.filter(condition)
        .annotate(score=ExpressionWrapper(points, output_field=IntegerField()))
        .only("page_id", "title", "text")
        .order_by("-score", "title", "page_id")
    )
    return parsed, ranked


def search_hits(parsed: search.ParsedQuery, ranked) -> list[SearchHit]:
    """The hits of (a slice of) ``search_ranked``'s entries: specific pages, highlighted title and excerpt."""
    ranked = list(ranked)
    pages = {page.pk: page for page in Page.objects.filter(pk__in=[entry.page_id for entry in ranked]).specific()}
    terms = parsed.highlight_terms
    return [
        SearchHit(
            page=pages[entry.page_id],
            title=search.highlight(entry.title, terms),
            excerpt=search.highlight(search.excerpt(entry.text, parsed), terms),
            score=entry.score,
        )
        for entry in ranked
        if entry.page_id in pages
    ]


def site_search(query: str) -> list[SearchHit]:
    """Every hit for ``query``, best first (the search page pages ``search_ranked`` instead)."""
    parsed, ranked = search_ranked(query)
    return search_hits(parsed, ranked[: search.MAX_CANDIDATES])
