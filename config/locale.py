"""Django's LocaleMiddleware, except for the language-neutral API and open-data
files."""

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware

LANGUAGE_NEUTRAL = ("/api/", "/opendata/")


class SiteLocaleMiddleware(LocaleMiddleware):
    """On a 404, Django's middleware redirects to the same path under a
    language prefix when that path exists, and Wagtail's pages make every path
    exist: an API client asking for a missing object would be sent to an HTML
    page. The API's answers, 404s included, go out as they are."""

    def process_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        if request.path_info.startswith(LANGUAGE_NEUTRAL):
            return response
        return super().process_response(request, response)
