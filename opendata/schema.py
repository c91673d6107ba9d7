"""The OpenAPI document: the open-data API only (not Wagtail's admin API,
which is for editors), in English whatever the visitor's language."""

from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView


def only_the_open_api(endpoints: list) -> list:
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class OpenApiView(SpectacularAPIView):
    authentication_classes: list = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        with translation.override("en"):
            return self._get_schema_response(request)
