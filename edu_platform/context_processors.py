from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

SITE_NAME = _("云梦应急宣教与考培平台")
# Main-navigation sections by URL prefix; every other public page (the Wagtail site) is 宣传教育.
NAV_SECTIONS = (
    ("/exams/", "exams"),
    ("/bookings/", "bookings"),
    ("/courses/", "courses"),
    ("/tipoffs/", "tipoffs"),
    ("/certificates/", "certificates"),
)


def site(request: HttpRequest) -> dict:
    """Values every page of the public shell needs."""
    return {
        "SITE_NAME": SITE_NAME,
        # 适老化: the large-text mode is a cookie so it works before login and without JavaScript.
        "large_text": request.COOKIES.get("large_text") == "1",
        "nav_section": next(
            (name for prefix, name in NAV_SECTIONS if request.path.startswith(prefix)),
            "" if request.path.startswith(("/accounts/", "/admin/")) else "campaigns",
        ),
    }
