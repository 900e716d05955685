"""The real URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.core.exceptions import SuspiciousOperation
from django.urls import path

from edu_platform.urls import handler400, handler403, handler404, handler500
from edu_platform.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("deliberate failure for the 500 page test")


def suspicious(request):
    raise SuspiciousOperation("deliberately malformed request")


urlpatterns = [path("broken/", broken), path("suspicious/", suspicious), *site_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
