from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerSplitView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import health
from opendata.schema import OpenApiView


def to_allauth_password_reset(request: HttpRequest, rest: str = "") -> HttpResponse:
    return redirect("account_reset_password")


urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Editors sign in through allauth, which asks for their second factor; Wagtail's
    # own password-only login form is not offered.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    # Password reset too goes through allauth's, which is rate limited and says
    # nothing about whether an address has an account; Wagtail's is neither.
    path("admin/password_reset/", to_allauth_password_reset),
    path("admin/password_reset/<path:rest>", to_allauth_password_reset),
    path("admin/", include(wagtailadmin_urls)),
    # The open-data API (opendata/api.py): not per language, the data is one.
    path("api/v1/", include("opendata.api_urls")),
    path("opendata/", include("opendata.root_urls")),
    path(
        "api/v1/schema/",
        OpenApiView.as_view(),
        name="api_schema",
    ),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_schema", authentication_classes=[]
        ),
        name="api_docs",
    ),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's catch-all comes last, under /sv/ and /en/.
urlpatterns += i18n_patterns(
    path("", include("accounts.urls")),
    path("", include("ideas.urls")),
    path("", include("notifications.urls")),
    path("", include("forum.urls")),
    path("", include("live.urls")),
    path("", include("search.urls")),
    path("", include("opendata.urls")),
    path("account/", include("allauth.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
