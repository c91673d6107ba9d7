"""Projects in the back office: the list, one page to edit everything about a
project (details, links, milestones, indicators and their values), and the
annual follow-up: who has reported for a year, with a reminder to the rest."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice import forms
from backoffice.choosers import idea_chooser_viewset
from backoffice.views.base import BackOfficeView, form_errors, report
from common.parsing import parse_count, parse_id
from ideas import selectors as ideas_selectors
from ideas.forms import MilestoneForm, ProjectForm
from ideas.models import FollowUpReport, Indicator, IndicatorValue, Milestone, Project
from ideas.projects import (
    indicator_add,
    indicator_delete,
    indicator_update,
    indicator_value_delete,
    indicator_value_set,
    indicator_value_update,
    milestone_add,
    milestone_delete,
    milestone_move,
    milestone_update,
    project_links_set,
    project_update,
    report_reminders_send,
)


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
        projects = list(ideas_selectors.projects_missing_report(year))
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


class ProjectListView(BackOfficeView):
    permission = "ideas.triage_idea"
    template_name = "backoffice/project_list.html"
    page_title = _("Projects")
    header_icon = "tasks"

    def get(self, request: HttpRequest) -> HttpResponse:
        projects = (
            Project.objects.annotate(
                milestones_total=Count("milestones", distinct=True),
                milestones_done=Count(
                    "milestones",
                    filter=Q(milestones__done_on__isnull=False),
                    distinct=True,
                ),
                indicator_count=Count("indicators", distinct=True),
                last_report=Max("reports__year"),
            )
            .prefetch_related("owners")
            .order_by("title", "pk")
        )
        page = Paginator(projects, 50).get_page(request.GET.get("p"))
        user = request.user
        for project in page:
            project.may_edit = user.has_perm("ideas.change_project", project)
        return self.render_to_response(self.get_context_data(page=page))


class ProjectAdminEditView(BackOfficeView):
    """Everything about one project on one page: its details, links,
    milestones and indicators with their values. Each part is its own form
    and its own service call; a refused form is shown again as typed."""

    permission = "ideas.triage_idea"
    template_name = "backoffice/project_edit.html"
    header_icon = "tasks"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.project = get_object_or_404(Project, pk=kwargs["pk"])
        if request.user.is_authenticated and not request.user.has_perm(
            "ideas.change_project", self.project
        ):
            raise PermissionDenied
        self.bound: dict[str, object] = {}
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.project.title

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("backoffice_projects:index"), "label": _("Projects")},
            {"url": "", "label": self.project.title},
        ]

    def moderator(self) -> bool:
        return self.request.user.has_perm("ideas.promote_idea")

    def form(self, key: str, factory):
        return self.bound.get(key) or factory()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = self.project
        milestones = list(project.milestones.all())
        indicators = list(
            project.indicators.select_related("goal").prefetch_related("values")
        )
        for milestone in milestones:
            milestone.form = self.form(
                f"milestone-{milestone.pk}",
                lambda m=milestone: MilestoneForm(
                    prefix=f"m{m.pk}",
                    initial={
                        "title": m.title,
                        "due_on": m.due_on,
                        "done_on": m.done_on,
                    },
                ),
            )
        for indicator in indicators:
            indicator.form = self.form(
                f"indicator-{indicator.pk}",
                lambda i=indicator: forms.IndicatorAdminForm(
                    prefix=f"i{i.pk}",
                    initial={**_indicator_initial(i)},
                ),
            )
            indicator.rows = [
                (
                    value,
                    self.form(
                        f"value-{value.pk}",
                        lambda v=value: forms.MeasurementForm(
                            prefix=f"v{v.pk}",
                            initial={
                                "measured_on": v.measured_on,
                                "value": v.value,
                                "source": v.source,
                            },
                        ),
                    ),
                )
                for value in indicator.values.all()
            ]
            indicator.new_value_form = self.form(
                f"value-new-{indicator.pk}",
                lambda i=indicator: forms.MeasurementForm(prefix=f"nv{i.pk}"),
            )
        context = self.get_context_data(
            project=project,
            details_form=self.form(
                "details",
                lambda: ProjectForm(instance=project, can_set_owners=self.moderator()),
            ),
            links_form=self.form(
                "links",
                lambda: forms.ProjectLinksForm(
                    project=project, chooser_widget=_chooser()
                ),
            ),
            milestones=milestones,
            new_milestone_form=self.form(
                "milestone-new", lambda: MilestoneForm(prefix="new_m")
            ),
            indicators=indicators,
            new_indicator_form=self.form(
                "indicator-new", lambda: forms.IndicatorAdminForm(prefix="new_i")
            ),
        )
        return self.render_to_response(context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        handler = getattr(self, "do_" + action.replace("-", "_"), None)
        if handler is None or action.startswith("_"):
            messages.error(request, _("Choose an action."))
            return redirect("backoffice_projects:edit", pk=pk)
        try:
            done = handler(request, parse_id(request.POST.get("id", "")))
        except (ValidationError, PermissionDenied) as error:
            report(request, error)
            done = None
        if done is None:
            response = self.get(request, pk)
            response.status_code = 400
            return response
        messages.success(request, done)
        return redirect(reverse("backoffice_projects:edit", args=[pk]) + "#" + action)

    def _valid(self, key: str, form) -> bool:
        """A form that is refused, by itself or by its service, is shown again."""
        if form.is_valid():
            return True
        self.bound[key] = form
        form_errors(self.request, form)
        return False

    def _call(self, key: str, form, call) -> bool:
        if not self._valid(key, form):
            return False
        try:
            call()
        except ValidationError as error:
            form.add_error(None, error.messages)
            self.bound[key] = form
            report(self.request, error)
            return False
        return True

    def do_details(self, request, _id) -> str | None:
        form = ProjectForm(
            request.POST,
            instance=Project.objects.get(pk=self.project.pk),
            can_set_owners=self.moderator(),
        )
        saved = self._call(
            "details",
            form,
            lambda: project_update(
                actor=request.user,
                project=self.project,
                data=form.to_data(),
                owners=form.owner_list(),
            ),
        )
        return _("The project has been saved.") if saved else None

    def do_links(self, request, _id) -> str | None:
        form = forms.ProjectLinksForm(
            request.POST, project=self.project, chooser_widget=_chooser()
        )
        saved = self._call(
            "links",
            form,
            lambda: project_links_set(
                actor=request.user,
                project=self.project,
                goals=form.goal_pages(),
                ideas=form.idea_list(),
            ),
        )
        return _("The links have been saved.") if saved else None

    def _milestone(self, pk: int | None) -> Milestone:
        return get_object_or_404(Milestone, pk=pk, project=self.project)

    def do_milestone_add(self, request, _id) -> str | None:
        form = MilestoneForm(request.POST, prefix="new_m")
        saved = self._call(
            "milestone-new",
            form,
            lambda: milestone_add(
                actor=request.user, project=self.project, **form.cleaned_data
            ),
        )
        return _("The milestone has been added.") if saved else None

    def do_milestone_save(self, request, pk) -> str | None:
        milestone = self._milestone(pk)
        form = MilestoneForm(request.POST, prefix=f"m{milestone.pk}")
        saved = self._call(
            f"milestone-{milestone.pk}",
            form,
            lambda: milestone_update(
                actor=request.user, milestone=milestone, **form.cleaned_data
            ),
        )
        return _("The milestone has been saved.") if saved else None

    def do_milestone_complete(self, request, pk) -> str | None:
        milestone = self._milestone(pk)
        milestone_update(
            actor=request.user,
            milestone=milestone,
            title=milestone.title,
            due_on=milestone.due_on,
            done_on=milestone.done_on or timezone.localdate(),
        )
        return _("The milestone is completed.")

    def do_milestone_delete(self, request, pk) -> str | None:
        milestone_delete(actor=request.user, milestone=self._milestone(pk))
        return _("The milestone has been deleted.")

    def do_milestone_up(self, request, pk) -> str | None:
        milestone_move(actor=request.user, milestone=self._milestone(pk), up=True)
        return _("The order has been changed.")

    def do_milestone_down(self, request, pk) -> str | None:
        milestone_move(actor=request.user, milestone=self._milestone(pk), up=False)
        return _("The order has been changed.")

    def _indicator(self, pk: int | None) -> Indicator:
        return get_object_or_404(Indicator, pk=pk, project=self.project)

    def do_indicator_add(self, request, _id) -> str | None:
        form = forms.IndicatorAdminForm(request.POST, prefix="new_i")
        saved = self._call(
            "indicator-new",
            form,
            lambda: indicator_add(
                actor=request.user, project=self.project, data=form.to_data()
            ),
        )
        return _("The indicator has been added.") if saved else None

    def do_indicator_save(self, request, pk) -> str | None:
        indicator = self._indicator(pk)
        form = forms.IndicatorAdminForm(request.POST, prefix=f"i{indicator.pk}")
        saved = self._call(
            f"indicator-{indicator.pk}",
            form,
            lambda: indicator_update(
                actor=request.user, indicator=indicator, data=form.to_data()
            ),
        )
        return _("The indicator has been saved.") if saved else None

    def do_indicator_delete(self, request, pk) -> str | None:
        indicator_delete(actor=request.user, indicator=self._indicator(pk))
        return _("The indicator and its values have been deleted.")

    def do_value_add(self, request, pk) -> str | None:
        indicator = self._indicator(pk)
        form = forms.MeasurementForm(request.POST, prefix=f"nv{indicator.pk}")
        saved = self._call(
            f"value-new-{indicator.pk}",
            form,
            lambda: indicator_value_set(
                actor=request.user, indicator=indicator, **form.cleaned_data
            ),
        )
        return _("The value has been recorded.") if saved else None

    def _measurement(self, pk: int | None) -> IndicatorValue:
        return get_object_or_404(IndicatorValue, pk=pk, indicator__project=self.project)

    def do_value_save(self, request, pk) -> str | None:
        measurement = self._measurement(pk)
        form = forms.MeasurementForm(request.POST, prefix=f"v{measurement.pk}")
        saved = self._call(
            f"value-{measurement.pk}",
            form,
            lambda: indicator_value_update(
                actor=request.user, measurement=measurement, **form.cleaned_data
            ),
        )
        return _("The value has been saved.") if saved else None

    def do_value_delete(self, request, pk) -> str | None:
        indicator_value_delete(actor=request.user, measurement=self._measurement(pk))
        return _("The value has been deleted.")


def _indicator_initial(indicator: Indicator) -> dict[str, object]:
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "target": indicator.target,
        "direction": indicator.direction,
        "goal": indicator.goal_id,
    }


def _chooser():
    return idea_chooser_viewset.widget_class()
