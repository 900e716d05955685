from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

from . import help as role_help
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


@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    """使用帮助: one short page per role, public."""
    request.page_cacheable = True
    return render(request, "campaigns/help/index.html", {"roles": role_help.ROLES})


@require_GET
def help_role(request: HttpRequest, role: str) -> HttpResponse:
    """What one role does first and where things are."""
    if role not in role_help.BY_SLUG:
        raise Http404
    request.page_cacheable = True
    return render(request, "campaigns/help/role.html", {"role": role_help.BY_SLUG[role], "roles": role_help.ROLES})
