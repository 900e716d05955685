"""edu_platform.admin.SelectRelatedMixin on both kinds of Wagtail viewset (issue 12).

A ``SnippetViewSet`` already hands its index view ``queryset=self.get_queryset``; the mixin used to
pass ``queryset=`` as well, so a snippet viewset with the mixin failed to build its URLs. Now both
kinds list through ``get_queryset(request)`` and a listing's queries do not grow with its rows.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from edu_platform.admin import SelectRelatedMixin
from exams.models import Chapter, QuestionBank
from exams.services.banks import bank_create, chapter_ensure

pytestmark = pytest.mark.django_db

KINDS = [SnippetViewSet, ModelViewSet]


def _viewset(kind, **attrs):
    """A viewset of ``kind`` for chapters (which name their bank), not registered anywhere."""
    attrs = {"model": Chapter, "list_display": ["path", "bank"], "list_select_related": ("bank",), **attrs}
    cls = type(f"Chapter{kind.__name__}", (SelectRelatedMixin, kind), attrs)
    return cls(name=f"test_chapters_{kind.__name__.lower()}")


def _base_queryset(view, request):
    """What the index view lists for ``request``, before its filters, search and ordering."""
    instance = view.view_class(**view.view_initkwargs)
    instance.setup(request)
    return instance.get_base_queryset()


def _chapters(count, prefix="c"):
    banks = [bank_create(code=f"{prefix}{i}", name=f"题库{prefix}{i}") for i in range(count)]
    for bank in banks:
        chapter_ensure(bank=bank, path="安全生产法")
    return banks


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_index_views_join_the_listed_relations(kind, admin_user, django_assert_num_queries):
    _chapters(5)
    viewset = _viewset(kind)
    request = RequestFactory().get("/")
    request.user = admin_user
    for view in (viewset.index_view, viewset.index_results_view):  # both built: no clashing kwargs
        queryset = _base_queryset(view, request)
        with django_assert_num_queries(1):
            names = [chapter.bank.name for chapter in queryset]
        assert sorted(names) == [f"题库c{i}" for i in range(5)]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_prefetched_relations_cost_one_query(kind, admin_user, django_assert_num_queries):
    _chapters(4)
    viewset = _viewset(kind, model=QuestionBank, list_select_related=(), list_prefetch_related=("chapters",))
    request = RequestFactory().get("/")
    request.user = admin_user
    queryset = _base_queryset(viewset.index_view, request)
    with django_assert_num_queries(2):
        paths = [chapter.path for bank in queryset for chapter in bank.chapters.all()]
    assert paths == ["安全生产法"] * 4


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_an_override_of_get_queryset_sees_the_request(kind, admin_user):
    """Wagtail's documented hook: a viewset narrows its listing by request, on either kind."""
    banks = _chapters(3)

    def get_queryset(self, request):
        return super(type(self), self).get_queryset(request).filter(bank__code=request.GET["bank"])

    viewset = _viewset(kind, get_queryset=get_queryset)
    request = RequestFactory().get("/", {"bank": banks[1].code})
    request.user = admin_user
    listed = list(_base_queryset(viewset.index_view, request))
    assert [chapter.bank for chapter in listed] == [banks[1]]
    assert "bank" in listed[0]._state.fields_cache  # still joined


def _listing_queries(client, url, django_assert_max_num_queries) -> tuple[str, int]:
    with django_assert_max_num_queries(25) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def test_bank_snippet_listing_costs_the_same_for_3_or_30_banks(admin_client, django_assert_max_num_queries):
    """The 题库 listing is a snippet viewset with the mixin (it used to do without it)."""
    url = reverse("wagtailsnippets_exams_questionbank:list")
    assert isinstance(QuestionBank.snippet_viewset, SelectRelatedMixin)
    _chapters(3, prefix="a")
    _html, few = _listing_queries(admin_client, url, django_assert_max_num_queries)
    _chapters(27, prefix="b")
    html, many = _listing_queries(admin_client, url, django_assert_max_num_queries)
    assert many == few
    assert "题库a0" in html and html.count("题库b") >= 17  # a full page of 20, by name


def test_chapter_listing_costs_the_same_for_3_or_30_chapters(admin_client, django_assert_max_num_queries):
    url = reverse("exams_chapters:index")
    _chapters(3, prefix="a")
    _html, few = _listing_queries(admin_client, url, django_assert_max_num_queries)
    _chapters(17, prefix="b")  # the listing shows 20 a page
    html, many = _listing_queries(admin_client, url, django_assert_max_num_queries)
    assert many == few
    assert html.count("安全生产法") >= 20
