"""`make run-prod` only (deploy/run-prod.sh): the production application, plus the public media
folder at /media/, which nginx serves on a server (deploy/nginx/yunmeng.conf; the same headers
here). Without it the demo pages' pictures would not show. The private folders
(``<MEDIA_ROOT>-private/…``) lie outside MEDIA_ROOT, so nothing here can reach them."""

from django.conf import settings
from whitenoise import WhiteNoise

from edu_platform.wsgi import application as django_application

MEDIA_MAX_AGE = 7 * 24 * 3600  # nginx: expires 7d


def _media_headers(headers, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"
    # Never run anything from the media folder as a script or page.
    headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"


# autorefresh: image renditions are written after start-up, so each file is looked up when asked
# (only URLs under /media/; everything else goes straight to Django).
application = WhiteNoise(
    django_application, autorefresh=True, max_age=MEDIA_MAX_AGE, add_headers_function=_media_headers
)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
