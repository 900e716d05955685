from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from . import selectors
from .forms import SearchForm, page_number

SEARCH_PAGE_SIZE = 10


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Site search over every live public page, Chinese words found mid-sentence, matches highlighted."""
    form = SearchForm(request.GET or None)
    ranked: list = []
    query = ""
    parsed = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            parsed, ranked = selectors.search_ranked(query)
    paginator = Paginator(ranked, SEARCH_PAGE_SIZE)
    page_obj = paginator.get_page(page_number(request))
    # Pages are loaded and highlighted for the ten results shown, not for every candidate.
    page_obj.object_list = selectors.search_hits(parsed, page_obj.object_list) if parsed else []
    # Results hold public pages only, the same for everyone: the page caches store them per
    # query, page and language, and drop them when anything is published (campaigns.cache).
    request.page_cacheable = not form.errors
    return render(
        request,
        "campaigns/search.html",
        {"form": form, "query": query, "page_obj": page_obj, "hit_count": paginator.count},
    )


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """sitemap.xml of live pages without view restrictions (Wagtail's generator, Django's view)."""
    request.page_cacheable = True
    return django_sitemap(request, sitemaps={"wagtail": Sitemap(request)})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    request.page_cacheable = True
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /tipoffs/",
        "Disallow: /bookings/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
