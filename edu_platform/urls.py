from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("display/language/", views.language_switch, name="language_switch"),
    path("display/large-text/", views.large_text_toggle, name="large_text_toggle"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("exams/", include("exams.urls")),
    path("courses/", include("courses.urls")),
    path("bookings/", include("bookings.urls")),
    path("tipoffs/", include("tipoffs.urls")),
    path("certificates/", include("certificates.urls")),
    # Search, feeds, sitemap and robots.txt; must come before Wagtail's catch-all.
    path("", include("campaigns.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "edu_platform.views.bad_request"
handler403 = "edu_platform.views.permission_denied"
handler404 = "edu_platform.views.page_not_found"
handler500 = "edu_platform.views.server_error"
