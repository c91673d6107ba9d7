"""Public pages of the open-data app: the bulk dataset with its description
and catalogue, and the strategy's yearly follow-up."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views import View
from wagtail.models import Locale

from opendata import export, follow_up
from opendata.tables import TABLES


def _locale() -> Locale:
    try:
        return Locale.get_active()
    except Locale.DoesNotExist:
        return Locale.get_default()


class FollowUpLatestView(View):
    """The follow-up of this year, at an address that does not change."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("opendata:follow_up", year=follow_up.year_range()[-1])


class FollowUpView(View):
    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        if year not in follow_up.year_range():
            raise Http404
        context = {"follow_up": follow_up.follow_up(year, locale=_locale())}
        return render(request, "opendata/follow_up.html", context)


class OpenDataView(View):
    """What the city publishes, and how to get it: the bulk dataset with its
    tables and columns, the API, the feeds and the catalogue description."""

    def get(self, request: HttpRequest) -> HttpResponse:
        manifest = export.read_manifest()
        rows = manifest.rows if manifest else {}
        tables = [(table, rows.get(table.name)) for table in TABLES]
        context = {"manifest": manifest, "tables": tables}
        return render(request, "opendata/open_data.html", context)


def dataset_zip(request: HttpRequest) -> FileResponse:
    try:
        stream = export.zip_path().open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(stream, as_attachment=True, filename=export.ZIP_NAME)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def dataset_description(request: HttpRequest) -> JsonResponse:
    """The last export's datapackage.json (with row counts), or, before the
    first export, the same description without them."""
    manifest = export.read_manifest()
    package = export.datapackage(manifest.rows if manifest else None)
    response = JsonResponse(package, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def catalogue(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP-SE description the national data portal harvests."""
    context = {
        "manifest": export.read_manifest(),
        "site_url": settings.SITE_URL,
        "contact_email": settings.OPENDATA_CONTACT_EMAIL,
        "publisher": settings.OPENDATA_PUBLISHER,
        "tables": TABLES,
    }
    with translation.override("en"):
        context |= {
            "title_en": str(export.TITLE),
            "description_en": str(export.DESCRIPTION),
        }
    # Swedish page addresses, whatever language the harvester asks for.
    with translation.override("sv"):
        context |= {
            "title_sv": str(export.TITLE),
            "description_sv": str(export.DESCRIPTION),
        }
        return render(
            request,
            "opendata/catalogue.rdf",
            context,
            content_type="application/rdf+xml; charset=utf-8",
        )
