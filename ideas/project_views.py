"""Project pages: the public page with its origin, goals, milestones, indicator
charts and reports; promotion from ideas; editing and follow-up by owners."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from common.locales import active_locale
from ideas import projects, selectors
from ideas.charts import indicator_chart
from ideas.forms import (
    IndicatorForm,
    IndicatorValueForm,
    MilestoneForm,
    ProjectForm,
    PromoteForm,
    ReportForm,
)
from ideas.models import Idea, Project
from ideas.projects import IndicatorData
from notifications.selectors import is_following
from notifications.services import follow_add, follow_remove


class ProjectListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(selectors.project_list(), 20).get_page(request.GET.get("page"))
        selectors.attach_localized_goals(list(page.object_list), locale=active_locale())
        return render(request, "ideas/project_list.html", {"page_obj": page})


class ProjectDetailView(View):
    def get(self, request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
        project = selectors.project_get(pk=pk)
        if slug != project.slug:
            return redirect(project, permanent=True)
        selectors.attach_localized_goals([project], locale=active_locale())
        indicators = [(i, indicator_chart(i)) for i in project.indicators.all()]
        context = {
            "project": project,
            "indicators": indicators,
            "can_edit": request.user.has_perm("ideas.change_project", project),
            "is_following": is_following(request.user, project),
        }
        return render(request, "ideas/project_detail.html", context)


class ProjectFollowView(LoginRequiredMixin, View):
    """Follow a project (its milestones, values, reports and status), or stop."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        project = get_object_or_404(Project, pk=pk)
        try:
            if request.POST.get("action") == "unfollow":
                follow_remove(actor=request.user, target=project)
                messages.success(request, _("You no longer follow this project."))
            else:
                follow_add(actor=request.user, target=project)
                messages.success(request, _("You now follow this project."))
        except PermissionDenied:
            messages.error(
                request, _("Confirm your e-mail address to follow projects.")
            )
        return redirect(project)


class IdeaPromoteView(LoginRequiredMixin, View):
    template_name = "ideas/project_promote.html"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.idea = get_object_or_404(Idea, pk=kwargs["pk"])
        if request.user.is_authenticated and not request.user.has_perm(
            "ideas.promote_idea"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        initial = {"title": self.idea.title, "summary": self.idea.summary}
        return self.render(request, PromoteForm(initial=initial))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = PromoteForm(request.POST)
        if form.is_valid():
            try:
                project = projects.project_promote(
                    actor=request.user,
                    ideas=[self.idea, *form.cleaned_data["merge"]],
                    data=form.to_data(),
                    reason=form.cleaned_data["reason"],
                    indicators=form.indicators(),
                    owners=form.owner_list() or [],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The project has been created."))
                return redirect(project)
        return self.render(request, form, status=400)

    def render(self, request: HttpRequest, form: PromoteForm, status: int = 200):
        context = {"form": form, "idea": self.idea}
        return render(request, self.template_name, context, status=status)


class ProjectEditorMixin(LoginRequiredMixin):
    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.project = get_object_or_404(Project, pk=kwargs["pk"])
        if request.user.is_authenticated and not request.user.has_perm(
            "ideas.change_project", self.project
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProjectEditView(ProjectEditorMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ProjectForm(instance=self.project, can_set_owners=self.moderator())
        return self.render(request, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = ProjectForm(
            request.POST,
            instance=Project.objects.get(pk=pk),
            can_set_owners=self.moderator(),
        )
        if form.is_valid():
            try:
                projects.project_update(
                    actor=request.user,
                    project=self.project,
                    data=form.to_data(),
                    owners=form.owner_list(),
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The project has been saved."))
                return redirect(self.project)
        return self.render(request, form, status=400)

    def moderator(self) -> bool:
        return self.request.user.has_perm("ideas.promote_idea")

    def render(self, request: HttpRequest, form: ProjectForm, status: int = 200):
        context = {"form": form, "project": self.project}
        return render(request, "ideas/project_form.html", context, status=status)


class ProjectFollowUpView(ProjectEditorMixin, View):
    """Milestones, indicators, measured values and annual reports, one form each."""

    FORMS = {
        "milestone": MilestoneForm,
        "indicator": IndicatorForm,
        "value": IndicatorValueForm,
        "report": ReportForm,
    }

    def forms(self, bound: tuple[str, object] | None = None) -> dict[str, object]:
        result = {}
        for name, form_class in self.FORMS.items():
            kwargs = {"project": self.project} if name in ("value", "report") else {}
            result[name] = (
                bound[1] if bound and bound[0] == name else form_class(**kwargs)
            )
        return result

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(request, self.forms())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action", "")
        if action not in self.FORMS:
            return self.render(request, self.forms(), status=400)
        kwargs = {"project": self.project} if action in ("value", "report") else {}
        form = self.FORMS[action](request.POST, **kwargs)
        if form.is_valid():
            try:
                self.save(request, action, form)
            except ValidationError as error:
                form.add_error(None, error.messages)
        if not form.is_valid():
            return self.render(request, self.forms((action, form)), status=400)
        messages.success(request, _("Saved."))
        return redirect("ideas:project_follow_up", pk=self.project.pk)

    def save(self, request: HttpRequest, action: str, form) -> None:
        data, actor, project = form.cleaned_data, request.user, self.project
        if action == "milestone":
            projects.milestone_add(actor=actor, project=project, **data)
        elif action == "indicator":
            projects.indicator_add(
                actor=actor, project=project, data=IndicatorData(**data)
            )
        elif action == "value":
            projects.indicator_value_set(actor=actor, **data)
        else:
            projects.report_add(
                actor=actor,
                project=project,
                year=data["year"],
                narrative=data["narrative"],
                values=form.values(),
            )

    def render(self, request: HttpRequest, forms: dict, status: int = 200):
        context = {
            "project": self.project,
            **{f"{k}_form": v for k, v in forms.items()},
        }
        return render(request, "ideas/project_follow_up.html", context, status=status)
