"""Signed-in visitors get the shared (anonymous) rendering of a public page with their own
header and messages spliced in.

``base.html`` wraps each personal part in markers (``<!--personal:NAME-->…<!--/personal:NAME-->``).
The shared rendering is made with an anonymous copy of the request, so it holds nobody's name,
CSRF token or messages, and it is stored under the anonymous page cache's key (host, path,
language, large text, date, generation): the same entry serves anonymous visitors, and the same
events invalidate it. Per request only the small partials below are rendered.
"""

from __future__ import annotations

import copy
import re

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.template import engines
from django.template.loader import get_template

PARTS = {"account": "partials/header_account.html", "messages": "partials/messages.html"}
_MARKER = re.compile(r"<!--personal:(?P<name>\w+)-->.*?<!--/personal:(?P=name)-->", re.DOTALL)


def anonymous_copy(request: HttpRequest) -> HttpRequest:
    """A copy of ``request`` as an anonymous visitor without session, cookies, messages or CSRF secret."""
    clone = copy.copy(request)
    clone.META = {key: value for key, value in request.META.items() if key not in {"HTTP_COOKIE", "CSRF_COOKIE"}}
    clone.COOKIES = {name: value for name, value in request.COOKIES.items() if name == "large_text"}
    clone.user = AnonymousUser()
    if hasattr(clone, "auser"):

        async def auser():
            return AnonymousUser()

        clone.auser = auser
    clone.session = type(request.session)() if hasattr(request, "session") else None
    clone._messages = []
    for attribute in ("page_cacheable", "_cached_user"):
        clone.__dict__.pop(attribute, None)
    return clone


def used_personal_state(clone: HttpRequest) -> bool:
    """Whether rendering the anonymous copy touched a CSRF token or the (empty) session."""
    session = getattr(clone, "session", None)
    return bool(clone.META.get("CSRF_COOKIE_NEEDS_UPDATE") or clone.META.get("CSRF_COOKIE")) or bool(
        session is not None and (session.accessed or session.modified)
    )


def _request_context(request: HttpRequest) -> dict:
    """The context processors' values for ``request``, computed once for all personal parts."""
    values: dict = {"request": request}
    for processor in engines["django"].engine.template_context_processors:
        values.update(processor(request))
    return values


def personalise(content: str, request: HttpRequest) -> str:
    """Replace every personal part of a shared rendering by this request's own."""
    rendered: dict[str, str] = {}
    context: dict | None = None

    def part(match: re.Match) -> str:
        nonlocal context
        name = match.group("name")
        if name not in PARTS:
            return match.group(0)
        if name not in rendered:
            context = context if context is not None else _request_context(request)
            rendered[name] = get_template(PARTS[name]).render(context)
        return f"<!--personal:{name}-->{rendered[name]}<!--/personal:{name}-->"

    return _MARKER.sub(part, content)
