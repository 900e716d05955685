"""Shared pieces of the Wagtail admin that every app uses: one permission policy for records that
only services write, one permission decorator for admin views, one listing mixin that joins what
the listing shows (Wagtail 8's ``ModelViewSet`` index view never calls ``get_queryset(request)``)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
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


class SelectRelatedMixin:
    """For a ``ModelViewSet``/``SnippetViewSet``: hand the index view a queryset that joins
    ``list_select_related`` and prefetches ``list_prefetch_related``, so a listing costs the same
    number of queries whatever its length."""

    list_select_related: tuple[str, ...] = ()
    list_prefetch_related: tuple[str, ...] = ()

    def get_listing_queryset(self):
        queryset = self.model._default_manager.all()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset

    def get_queryset(self, request):
        return self.get_listing_queryset()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=self.get_listing_queryset(), **kwargs)
