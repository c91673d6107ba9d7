"""Ideas triage: the list with its filters and counts, bulk actions, and one
idea's page where staff answer, decide, assign, hide and promote. Every action
goes through the ideas app's services, so the audit log, the notifications
and the live events are those of the public pages."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from backoffice import forms, selectors
from backoffice.choosers import idea_chooser_viewset
from backoffice.views.base import BackOfficeView, form_errors, report
from ideas import moderation, projects, workflow
from ideas.forms import AnswerForm, PromoteForm
from ideas.models import Idea, IdeaKind, IdeaStatus, StatusChange

PER_PAGE = 25


class IdeaTriageView(BackOfficeView):
    permission = "ideas.triage_idea"
    template_name = "backoffice/idea_triage.html"
    page_title = _("Ideas")

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.TriageFilterForm(request.GET)
        filters = form.to_filters()
        counts = selectors.triage_counts(filters)
        paginator = CountedPaginator(
            selectors.triage_list(filters), PER_PAGE, count=counts["total"]["all"]
        )
        page = paginator.get_page(request.GET.get("p"))
        ideas = list(page.object_list)
        late_before = selectors.target_passed_before(filters.now)
        for idea in ideas:  # worked out here: the template only prints
            idea.days_waited = (filters.now - idea.published_at).days
            idea.is_late = (
                idea.first_answered_at is None
                and idea.status in selectors.OPEN_STATUSES
                and idea.published_at <= late_before
            )
        context = self.get_context_data(
            form=form,
            filters=filters,
            counts=counts,
            page=page,
            ideas=ideas,
            target_days=settings.ANSWER_TARGET_DAYS,
            bulk_status_form=forms.BulkStatusForm(auto_id="bulk_status_%s"),
            bulk_assign_form=forms.BulkAssignForm(auto_id="bulk_assign_%s"),
            query=_query_without_page(request),
            status_choices=IdeaStatus.choices,
            kind_choices=IdeaKind.choices,
            role_choices=Role.choices,
            age_choices=form.age_labels(),
        )
        return self.render_to_response(context)


class CountedPaginator(Paginator):
    """A paginator told the number of rows (the facet counts hold it), so it
    does not count them again."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("p", None)
    return query.urlencode()


class IdeaBulkView(BackOfficeView):
    """Change the status of, or assign, the ideas ticked in the list."""

    permission = "ideas.triage_idea"

    def post(self, request: HttpRequest) -> HttpResponse:
        back = request.POST.get("next", "")
        back = back if back.startswith("?") else ""
        target = reverse("backoffice_ideas:index") + back
        if request.POST.get("action") == "assign":
            self.assign(request)
        else:
            self.change_status(request)
        return redirect(target)

    def change_status(self, request: HttpRequest) -> None:
        form = forms.BulkStatusForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return
        done, refused = 0, []
        for idea in form.cleaned_data["ideas"].order_by("pk"):
            try:
                workflow.idea_status_change(
                    actor=request.user,
                    idea=idea,
                    status=form.cleaned_data["status"],
                    reason=form.cleaned_data["reason"],
                )
                done += 1
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"#{idea.pk}: {_error(error)}")
        if done:
            messages.success(
                request, _("The status of %(n)s ideas has been changed.") % {"n": done}
            )
        if refused:
            messages.error(request, " ".join(refused))

    def assign(self, request: HttpRequest) -> None:
        form = forms.BulkAssignForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return
        try:
            changed = workflow.idea_assign(
                actor=request.user,
                ideas=list(form.cleaned_data["ideas"]),
                assignee=form.cleaned_data["assignee"],
                unit=form.cleaned_data["unit"],
            )
        except (ValidationError, PermissionDenied) as error:
            report(request, error)
            return
        messages.success(request, _("%(n)s ideas have been assigned.") % {"n": changed})


def _error(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, PermissionDenied):
        return _("You may not do this.")
    return " ".join(error.messages)


class IdeaTriageDetailView(BackOfficeView):
    """One idea, with every action staff can take on it."""

    permission = "ideas.triage_idea"
    template_name = "backoffice/idea_detail.html"
    ACTIONS = ("answer", "status", "assign", "hide", "restore")

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.idea = get_object_or_404(
            Idea.objects.published().select_related(
                "author", "organisation", "district", "challenge", "assigned_to"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return self.idea.title

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("backoffice_ideas:index"), "label": _("Ideas")},
            {"url": "", "label": self.idea.title},
        ]

    def get(self, request: HttpRequest, pk: int, **bound: object) -> HttpResponse:
        idea = self.idea
        context = self.get_context_data(
            idea=idea,
            timeline=StatusChange.objects.filter(idea=idea).select_related("actor"),
            goals=list(idea.goals.all()),
            open_flags=list(idea.flags.filter(resolved_at__isnull=True)),
            answer_form=bound.get("answer")
            or AnswerForm(initial={"text": idea.official_answer}),
            status_form=bound.get("status") or self.status_form(),
            assign_form=bound.get("assign")
            or forms.AssignForm(
                initial={"assignee": idea.assigned_to_id, "unit": idea.assigned_unit}
            ),
            reason_form=bound.get("reason") or forms.ReasonForm(),
            may_promote=request.user.has_perm("ideas.promote_idea")
            and idea.status == "accepted",
            may_moderate=request.user.has_perm("ideas.moderate_idea"),
            past_target=idea.first_answered_at is None
            and idea.published_at <= selectors.target_passed_before(),
            target_days=settings.ANSWER_TARGET_DAYS,
        )
        return self.render_to_response(context)

    def status_form(self, data: object = None) -> forms.StatusForm:
        return forms.StatusForm(
            data,
            allowed=workflow.allowed_next(self.idea),
            chooser_widget=idea_chooser_viewset.widget_class(),
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            messages.error(request, _("Choose an action."))
            return redirect("backoffice_ideas:detail", pk=pk)
        bound = getattr(self, f"do_{action}")(request)
        if bound is None:
            return redirect("backoffice_ideas:detail", pk=pk)
        response = self.get(request, pk, **bound)
        response.status_code = 400
        return response

    def _run(self, request: HttpRequest, form, call) -> bool:
        """Call the service if the form is valid; its refusal joins the form."""
        if form.is_valid():
            try:
                call(form.cleaned_data)
                return True
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _error(error))
        form_errors(request, form)
        return False

    def do_answer(self, request: HttpRequest) -> dict | None:
        form = AnswerForm(request.POST)
        done = self._run(
            request,
            form,
            lambda data: workflow.idea_answer(
                actor=request.user, idea=self.idea, text=data["text"]
            ),
        )
        if done:
            messages.success(request, _("The official answer has been published."))
            return None
        return {"answer": form}

    def do_status(self, request: HttpRequest) -> dict | None:
        form = self.status_form(request.POST)
        done = self._run(
            request,
            form,
            lambda data: workflow.idea_status_change(
                actor=request.user, idea=self.idea, **data
            ),
        )
        if done:
            messages.success(request, _("The status has been changed."))
            return None
        return {"status": form}

    def do_assign(self, request: HttpRequest) -> dict | None:
        form = forms.AssignForm(request.POST)
        done = self._run(
            request,
            form,
            lambda data: workflow.idea_assign(
                actor=request.user,
                ideas=[self.idea],
                assignee=data["assignee"],
                unit=data["unit"],
            ),
        )
        if done:
            messages.success(request, _("The assignment has been saved."))
            return None
        return {"assign": form}

    def do_hide(self, request: HttpRequest) -> dict | None:
        form = forms.ReasonForm(request.POST)
        done = self._run(
            request,
            form,
            lambda data: moderation.idea_hide(
                actor=request.user, idea=self.idea, reason=data["reason"]
            ),
        )
        if done:
            messages.success(request, _("The idea is hidden."))
            return None
        return {"reason": form}

    def do_restore(self, request: HttpRequest) -> dict | None:
        form = forms.ReasonForm(request.POST)
        done = self._run(
            request,
            form,
            lambda data: moderation.idea_restore(
                actor=request.user, idea=self.idea, reason=data["reason"]
            ),
        )
        if done:
            messages.success(request, _("The idea is visible again."))
            return None
        return {"reason": form}


class IdeaPromoteView(BackOfficeView):
    """Make an accepted idea (and others merged into it) a project."""

    permission = "ideas.promote_idea"
    template_name = "backoffice/idea_promote.html"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.idea = get_object_or_404(Idea.objects.published(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Make “%(title)s” a project") % {"title": self.idea.title}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        initial = {"title": self.idea.title, "summary": self.idea.summary}
        return self.render(PromoteForm(initial=initial))

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
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _error(error))
            else:
                messages.success(request, _("The project has been created."))
                return redirect("backoffice_projects:edit", pk=project.pk)
        return self.render(form, status=400)

    def render(self, form: PromoteForm, status: int = 200) -> HttpResponse:
        response = self.render_to_response(
            self.get_context_data(form=form, idea=self.idea)
        )
        response.status_code = status
        return response


class AnswerTimesView(BackOfficeView):
    """Per unit: what waits, and how long the city took to answer lately."""

    permission = "ideas.triage_idea"
    template_name = "backoffice/answer_times.html"
    page_title = _("Answer times")

    def get(self, request: HttpRequest) -> HttpResponse:
        context = self.get_context_data(
            units=selectors.answer_times(),
            target_days=settings.ANSWER_TARGET_DAYS,
            window_days=selectors.ANSWER_WINDOW_DAYS,
        )
        return self.render_to_response(context)
