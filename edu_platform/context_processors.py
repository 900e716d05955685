from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

SITE_NAME = _("云梦应急宣教与考培平台")


def site(request: HttpRequest) -> dict:
    """Values every page of the public shell needs."""
    return {
        "SITE_NAME": SITE_NAME,
        # 适老化: the large-text mode is a cookie so it works before login and without JavaScript.
        "large_text": request.COOKIES.get("large_text") == "1",
    }
