"""The annual follow-up: which projects have reported for a year and which
have not, with a reminder to the owners' staff."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice import selectors
from backoffice.views.base import BackOfficeView
from common.parsing import parse_count
from ideas.models import FollowUpReport, Project
from ideas.projects import report_reminders_send


def _year(raw: str | None) -> int:
    this_year = timezone.now().year
    year = parse_count(raw or "")
    return year if year and 2000 <= year <= this_year + 1 else this_year


class FollowUpOverviewView(BackOfficeView):
    permission = "ideas.triage_idea"
    template_name = "backoffice/follow_up.html"
    page_title = _("Follow-up reports")
    header_icon = "list-ul"

    def get(self, request: HttpRequest) -> HttpResponse:
        year = _year(request.GET.get("year"))
        reports = FollowUpReport.objects.filter(year=year)
        projects = list(
            Project.objects.filter(starts_on__year__lte=year)
            .exclude(status=Project.Status.PLANNED)
            .prefetch_related(
                "owners", Prefetch("reports", queryset=reports, to_attr="of_year")
            )
            .order_by("title", "pk")
        )
        missing = [p for p in projects if not p.of_year]
        context = self.get_context_data(
            year=year,
            years=range(timezone.now().year, timezone.now().year - 6, -1),
            reported=[p for p in projects if p.of_year],
            missing=missing,
            may_remind=request.user.has_perm("ideas.remind_report"),
        )
        return self.render_to_response(context)


class FollowUpRemindView(BackOfficeView):
    permission = "ideas.remind_report"

    def post(self, request: HttpRequest) -> HttpResponse:
        year = _year(request.POST.get("year"))
        projects = list(selectors.projects_missing_report(year))
        try:
            reminded = report_reminders_send(
                actor=request.user, year=year, projects=projects
            )
        except PermissionDenied:
            messages.error(request, _("You may not send reminders."))
        else:
            messages.success(
                request,
                _("%(n)s people have been reminded of the reports for %(year)s.")
                % {"n": reminded, "year": year},
            )
        return redirect(reverse("backoffice_reports:index") + f"?year={year}")
