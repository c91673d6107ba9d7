"""One queue of open reports on ideas, posts and organisations, oldest first,
with what a moderator needs to decide: dismiss, hide with a public reason (for
an organisation: withdraw its verification), or suspend the author. The author
is told of a hide or a suspension by the services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.organisations import (
    organisation_flags_dismiss,
    organisation_verification_withdraw,
)
from backoffice import forms, selectors
from backoffice.views.base import BackOfficeView, form_errors, report
from forum import appeals
from forum import moderation as forum_moderation
from forum import selectors as forum_selectors
from forum.models import Appeal, Post
from ideas import moderation as idea_moderation
from ideas.models import Idea


class ModerationQueueView(BackOfficeView):
    permission = "ideas.moderate_idea"
    template_name = "backoffice/moderation_queue.html"
    page_title = _("Moderation")
    header_icon = "warning"

    def get(self, request: HttpRequest) -> HttpResponse:
        total, items = selectors.moderation_queue()
        appeals_total, open_appeals = forum_selectors.open_appeals()
        context = self.get_context_data(
            total=total,
            items=items,
            appeals_total=appeals_total,
            appeals=open_appeals,
        )
        return self.render_to_response(context)


class AppealDecideView(BackOfficeView):
    """Restore what an appeal is about (show the idea or post again, lift the
    suspension) or keep the decision, with the answer the person gets."""

    permission = "ideas.moderate_idea"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        appeal = get_object_or_404(Appeal, pk=pk)
        try:
            appeals.appeal_decide(
                actor=request.user,
                appeal=appeal,
                restore=request.POST.get("action") == "restore",
                answer=request.POST.get("answer", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            report(request, error)
        else:
            messages.success(request, _("The appeal has been answered."))
        return redirect(reverse("backoffice_moderation:index") + "#appeals")


class ModerateView(BackOfficeView):
    """Dismiss the reports, hide the item, or suspend its author."""

    permission = "ideas.moderate_idea"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        item = self.get_item(pk)
        action = request.POST.get("action")
        form = (
            forms.SuspendForm(request.POST)
            if action == "suspend"
            else forms.ReasonForm(request.POST)
        )
        if action != "dismiss" and not form.is_valid():
            form_errors(request, form)
            return redirect("backoffice_moderation:index")
        reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
        try:
            done = self.act(request, item, action, reason, form)
        except (ValidationError, PermissionDenied) as error:
            report(request, error)
        else:
            if done:
                messages.success(request, done)
        return redirect("backoffice_moderation:index")

    def act(self, request, item, action, reason, form) -> str:
        if action == "dismiss":
            self.dismiss(request.user, item, reason)
            return _("The reports have been dismissed.")
        if action == "hide":
            self.hide(request.user, item, reason)
            return _("Hidden. The author has been told why.")
        if action == "suspend":
            if item.author is None:
                raise ValidationError(_("The author's account no longer exists."))
            forum_moderation.user_suspend(
                actor=request.user,
                user=item.author,
                days=form.cleaned_data["days"],
                reason=reason,
            )
            return _("The author is suspended and has been told why.")
        messages.error(request, _("Choose an action."))
        return ""


class IdeaModerateView(ModerateView):
    def get_item(self, pk: int) -> Idea:
        return get_object_or_404(Idea.objects.select_related("author"), pk=pk)

    def dismiss(self, actor, idea: Idea, reason: str) -> None:
        idea_moderation.flags_dismiss(actor=actor, idea=idea, reason=reason)

    def hide(self, actor, idea: Idea, reason: str) -> None:
        idea_moderation.idea_hide(actor=actor, idea=idea, reason=reason)


class PostModerateView(ModerateView):
    def get_item(self, pk: int) -> Post:
        return get_object_or_404(Post.objects.select_related("author"), pk=pk)

    def dismiss(self, actor, post: Post, reason: str) -> None:
        forum_moderation.post_flags_dismiss(actor=actor, post=post, reason=reason)

    def hide(self, actor, post: Post, reason: str) -> None:
        forum_moderation.post_hide(actor=actor, post=post, reason=reason)


class OrganisationModerateView(ModerateView):
    """A reported organisation: dismiss, or withdraw its verification."""

    def get_item(self, pk: int) -> Organisation:
        organisation = get_object_or_404(Organisation, pk=pk)
        organisation.author = None  # nobody to suspend: its admins are told
        return organisation

    def dismiss(self, actor, organisation: Organisation, reason: str) -> None:
        organisation_flags_dismiss(
            actor=actor, organisation=organisation, reason=reason
        )

    def hide(self, actor, organisation: Organisation, reason: str) -> None:
        organisation_verification_withdraw(
            actor=actor, organisation=organisation, reason=reason
        )
