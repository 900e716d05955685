"""The site's URLs plus one page behind ``accounts.mfa.mfa_required`` (tests only)."""

from django.urls import path

from edu_platform.urls import urlpatterns as site_urlpatterns
from tests.accounts.test_mfa_helper import secret_view

urlpatterns = [path("secret/", secret_view), *site_urlpatterns]
