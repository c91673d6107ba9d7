"""The page a notice of a hidden idea or post, or of a suspension, links to:
the decision with its public reason, the appeals made and answered, and a
form to appeal."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from forum import appeals
from forum.models import Appeal, Post
from ideas.models import Idea


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should a moderator look again?"),
        max_length=appeals.APPEAL_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A moderator reads it and answers you here and by e-mail."),
    )


class AppealView(LoginRequiredMixin, View):
    def subject(self, request: HttpRequest, kind: str, pk: int) -> dict:
        """What is appealed: the person's own hidden idea or post, or their
        suspension; anything else is not found (nothing is told about it)."""
        found: dict = {"idea": None, "post": None, "kind": kind}
        if kind == "idea":
            found["idea"] = Idea.objects.filter(pk=pk, author=request.user).first()
        elif kind == "post":
            found["post"] = Post.objects.filter(pk=pk, author=request.user).first()
        elif kind != "suspension":
            raise Http404
        if kind != "suspension" and not (found["idea"] or found["post"]):
            raise Http404
        return found

    def get(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        return self.page(request, kind, pk, AppealForm())

    def post(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        form = AppealForm(request.POST)
        if form.is_valid():
            found = self.subject(request, kind, pk)
            try:
                appeals.appeal_create(
                    actor=request.user,
                    text=form.cleaned_data["text"],
                    idea=found["idea"],
                    post=found["post"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Your appeal has been sent. A moderator will answer you."),
                )
                return redirect(request.path)
        return self.page(request, kind, pk, form, status=400)

    def page(
        self, request: HttpRequest, kind: str, pk: int, form: AppealForm, status=200
    ) -> HttpResponse:
        found = self.subject(request, kind, pk)
        try:
            decision = appeals.appeal_subject(
                request.user, idea=found["idea"], post=found["post"]
            )
        except PermissionDenied:
            decision = ""  # restored, or no longer suspended: nothing to appeal
        history = Appeal.objects.filter(
            appellant=request.user, idea=found["idea"], post=found["post"]
        ).order_by("-created_at")
        context = {
            **found,
            "decision": decision,
            "appeals": history,
            "waiting": any(a.decided_at is None for a in history),
            "form": form,
        }
        return render(request, "forum/appeal.html", context, status=status)
