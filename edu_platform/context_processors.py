from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Values every page of the public shell needs."""
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        # 适老化: the large-text mode is a cookie so it works before login and without JavaScript.
        "large_text": request.COOKIES.get("large_text") == "1",
    }
