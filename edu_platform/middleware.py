from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Chinese for everyone unless the visitor chose English with the header's switcher.

    Django's own middleware follows the browser's Accept-Language; a county service should not
    turn English because a phone's system language is English, so only the language cookie counts.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy sent report-only under ``CSP_REPORT_ONLY_PREFIXES``.

    One policy for the whole site (settings.CONTENT_SECURITY_POLICY); where it cannot be enforced
    yet (the Wagtail admin) browsers still report what it would block, so it can be tightened later.
    """

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        response = super().process_response(request, response)
        prefixes = tuple(getattr(settings, "CSP_REPORT_ONLY_PREFIXES", ()))
        if prefixes and request.path_info.startswith(prefixes) and HEADER in response:
            if HEADER_REPORT_ONLY not in response:
                response[HEADER_REPORT_ONLY] = response[HEADER]
            del response[HEADER]
        return response
