"""Reporting an idea, and the moderators' queue (under /moderation/, where staff
need MFA)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Value
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ideas import moderation
from ideas.access import back_to, idea_for_action
from ideas.models import Flag, FlagReason, Idea


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=gettext_lazy("More about it (needed for “Other”)"),
        required=False,
        max_length=500,
    )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", "hide"), ("restore", "restore"), ("dismiss", "dismiss")]
    )
    reason = forms.CharField(
        label=gettext_lazy("Public reason"), required=False, max_length=300
    )


class IdeaFlagView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = idea_for_action(request, pk)
        form = FlagForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what is wrong with the idea."))
            return back_to(request, idea)
        try:
            created = moderation.idea_flag(
                actor=request.user, idea=idea, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return back_to(request, idea)
        if created:
            messages.success(request, _("Thank you. A moderator will look at it."))
        else:
            messages.info(request, _("You have already reported this idea."))
        return back_to(request, idea)


def moderation_queue():
    """Ideas with open reports, or hidden pending review (reports hid them and
    no moderator has decided yet), most reported first. An idea nobody has
    reported is never here, however it is joined."""
    open_flags = Flag.objects.filter(resolved_at__isnull=True)
    return (
        Idea.objects.filter(
            Q(pk__in=open_flags.values("idea_id"))
            | Q(hidden_at__isnull=False, hidden_reason="")
        )
        .annotate(
            open_flag_count=Count(
                "flags", filter=Q(flags__resolved_at__isnull=True), distinct=True
            )
        )
        .select_related("author")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .order_by("-open_flag_count", "-hidden_at", "-pk")
    )


def moderation_hidden():
    """Ideas a moderator hid with a public reason, most recent first: no
    longer waiting for anyone, but a moderator may restore them."""
    return (
        Idea.objects.filter(hidden_at__isnull=False)
        .exclude(hidden_reason="")
        .annotate(open_flag_count=Value(0))
        .select_related("author")
        .order_by("-hidden_at", "-pk")
    )


class ModerationQueueView(LoginRequiredMixin, View):
    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        if request.user.is_authenticated and not request.user.has_perm(
            "ideas.moderate_idea"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        hidden = request.GET.get("show") == "hidden"
        ideas = moderation_hidden() if hidden else moderation_queue()
        page = Paginator(ideas, 25).get_page(request.GET.get("page"))
        return render(
            request,
            "ideas/moderation_queue.html",
            {"page_obj": page, "showing_hidden": hidden},
        )


class ModerationActionView(ModerationQueueView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = get_object_or_404(Idea, pk=pk)
        form = ModerationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose an action."))
            return redirect("ideas:moderation")
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == "hide":
                moderation.idea_hide(actor=request.user, idea=idea, reason=reason)
            elif action == "restore":
                moderation.idea_restore(actor=request.user, idea=idea, reason=reason)
            else:
                moderation.flags_dismiss(actor=request.user, idea=idea, reason=reason)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Done."))
        return redirect("ideas:moderation")
