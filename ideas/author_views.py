"""The author's pages after others joined: withdraw an idea, invite and remove
co-authors; and the invited person's page to accept."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from common.parsing import parse_id
from ideas import co_authors, selectors, workflow
from ideas.access import idea_for_action
from ideas.forms import CoAuthorForm, WithdrawForm
from ideas.models import CoAuthor, Idea


class IdeaWithdrawView(LoginRequiredMixin, View):
    template_name = "ideas/idea_withdraw.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = idea_for_action(request, pk)
        if not request.user.has_perm("ideas.withdraw_idea", idea):
            raise PermissionDenied
        return self.render(request, idea, WithdrawForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = idea_for_action(request, pk)
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                workflow.idea_withdraw(
                    actor=request.user, idea=idea, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("You have withdrawn the idea. Its supporters have been told."),
                )
                return redirect(idea)
        return self.render(request, idea, form, status=400)

    def render(self, request, idea: Idea, form: WithdrawForm, status: int = 200):
        context = {"idea": idea, "form": form}
        return render(request, self.template_name, context, status=status)


class CoAuthorsView(LoginRequiredMixin, View):
    """Who writes the idea. The author invites and removes; a co-author sees
    the others and may leave."""

    template_name = "ideas/co_authors.html"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.idea = idea_for_action(request, kwargs["pk"])
        if not request.user.has_perm("ideas.change_idea", self.idea):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(request, CoAuthorForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.POST.get("action") == "end":
            return self.end(request)
        form = CoAuthorForm(request.POST)
        if form.is_valid():
            try:
                co_authors.co_author_invite(
                    actor=request.user, idea=self.idea, email=form.cleaned_data["email"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The invitation has been sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("ideas:co_authors", pk=self.idea.pk)
        return self.render(request, form, status=400)

    def end(self, request: HttpRequest) -> HttpResponse:
        pk = parse_id(request.POST.get("co_author", "")) or 0
        co_author = get_object_or_404(CoAuthor, pk=pk, idea=self.idea)
        leaving = co_author.user_id == request.user.pk
        co_authors.co_author_end(actor=request.user, co_author=co_author)
        if leaving:
            messages.success(request, _("You are no longer a co-author of the idea."))
            return redirect(self.idea)
        messages.success(request, _("Removed."))
        return redirect("ideas:co_authors", pk=self.idea.pk)

    def render(self, request, form: CoAuthorForm, status: int = 200) -> HttpResponse:
        context = {
            "idea": self.idea,
            "form": form,
            "co_authors": selectors.co_author_list(self.idea),
            "may_invite": request.user.has_perm("ideas.invite_co_author", self.idea),
            "most": co_authors.MAX_CO_AUTHORS,
        }
        return render(request, self.template_name, context, status=status)


class CoAuthorAcceptView(View):
    """The link in the invitation: what it is, then accept (signed in)."""

    template_name = "ideas/co_author_accept.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            invitation = co_authors.invitation_get(token)
        except ValidationError as error:
            return self.render(request, error=" ".join(error.messages), status=410)
        return self.render(request, invitation=invitation)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect(f"{request.path}")
        try:
            co_author = co_authors.co_author_accept(actor=request.user, token=token)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(getattr(error, "messages", None) or [str(error)])
            return self.render(request, error=text, status=400)
        messages.success(request, _("You are now a co-author of the idea."))
        return redirect(co_author.idea)

    def render(self, request, *, invitation=None, error="", status=200):
        context = {"invitation": invitation, "error": error}
        return render(request, self.template_name, context, status=status)
