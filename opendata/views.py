"""Public pages of the open-data app: the bulk dataset with its description
and catalogue, and the strategy's yearly follow-up."""

import csv

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views import View

from common.locales import active_locale
from opendata import export, follow_up, statistics_page
from opendata.tables import TABLES


class FollowUpLatestView(View):
    """The follow-up of this year, at an address that does not change."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return redirect("opendata:follow_up", year=follow_up.year_range()[-1])


class FollowUpView(View):
    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        if year not in follow_up.year_range():
            raise Http404
        context = {"follow_up": follow_up.follow_up(year, locale=active_locale())}
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


class StatisticsView(View):
    """Participation and results in charts that work without JavaScript, each
    with its table and a CSV download, for a chosen period."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form, period = statistics_page.period_from(request.GET)
        context = {
            "form": form,
            "period": period,
            "charts": statistics_page.all_charts(period, active_locale()),
            "query": request.GET.urlencode(),
        }
        return render(request, "opendata/statistics.html", context)


class StatisticsCsvView(View):
    """One chart's table as CSV, for the same period as the page."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        _form, period = statistics_page.period_from(request.GET)
        charts = {
            c.slug: c for c in statistics_page.all_charts(period, active_locale())
        }
        chart = charts.get(slug)
        if chart is None:
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"idestad-{slug}-{period.first:%Y-%m}-{period.last:%Y-%m}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        writer = csv.writer(response)
        writer.writerow(["", *chart.head])
        for label, values in chart.rows:
            writer.writerow([label, *values])
        return response
