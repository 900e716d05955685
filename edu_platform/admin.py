"""Shared pieces of the Wagtail admin that every app uses: one permission policy for records that
only services write, one permission decorator for admin views, one listing mixin that joins what
the listing shows, for model and snippet viewsets alike."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.permission_policies.base import ModelPermissionPolicy

WRITE_ACTIONS = frozenset({"add", "change", "delete"})


class ServiceWrittenPermissionPolicy(ModelPermissionPolicy):
    """Records written only by services (with their locks, checks and audit): the admin lists,
    inspects and exports them, but never adds, edits or deletes one, not even a superuser."""

    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        readable = [action for action in actions if action not in WRITE_ACTIONS]
        return bool(readable) and super().user_has_any_permission(user, readable)


def permission_required(*perms: str):
    """Admin view decorator: 403 unless the user has every one of ``perms``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RequestQuerysetIndexMixin:
    """Index view side of :class:`SelectRelatedMixin`: a callable ``queryset`` is called with the
    request, as Wagtail's snippet index view already does (the generic one takes only a QuerySet)."""

    def get_base_queryset(self):
        if callable(self.queryset):
            self.queryset = self.queryset(self.request)
        return super().get_base_queryset()


class SelectRelatedMixin:
    """For a ``ModelViewSet`` or a ``SnippetViewSet``: its listing joins ``list_select_related`` and
    prefetches ``list_prefetch_related``, so a page of the listing costs the same number of queries
    whatever its length.

    Both kinds go through Wagtail's documented hook ``get_queryset(self, request)`` (a
    ``SnippetViewSet`` method; override it, calling ``super()``, to narrow a listing by request).
    A ``SnippetViewSet`` already hands its index view ``queryset=self.get_queryset``, so a mixin
    that passed ``queryset=`` itself failed there with "got multiple values for keyword argument
    'queryset'"; a ``ModelViewSet`` in Wagtail 8 has no such hook and passes no queryset, so the
    mixin passes the same callable and lets its index views call it with the request."""

    list_select_related: tuple[str, ...] = ()
    list_prefetch_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """The records the index view lists (before its filters, search and ordering)."""
        queryset = self.model._default_manager.all()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset

    def get_index_view_kwargs(self, **kwargs):
        # The same key whether or not the parent (SnippetViewSet) already set it: no clash.
        return {**super().get_index_view_kwargs(**kwargs), "queryset": self.get_queryset}

    def construct_view(self, view_class, **kwargs):
        if callable(kwargs.get("queryset")) and not issubclass(view_class, RequestQuerysetIndexMixin):
            # A subclass of the configured view class, as Wagtail's own inject_view_methods makes.
            view_class = type(view_class.__name__, (RequestQuerysetIndexMixin, view_class), {})
        return super().construct_view(view_class, **kwargs)
