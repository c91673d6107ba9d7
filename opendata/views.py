"""Public pages of the open-data app: the strategy's yearly follow-up."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from wagtail.models import Locale

from opendata import follow_up


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
