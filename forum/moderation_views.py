"""Reporting posts, and moderators' decisions on posts, threads and people
(under /moderation/ where it is staff-only, so MFA applies)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from accounts.models import User
from forum import moderation, selectors
from forum.forms import FlagForm, PostModerationForm, SuspendForm
from forum.models import Thread
from forum.views import _post_link, _post_or_404, error_text


class PostFlagView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        return self.show(request, post, FlagForm())

    def show(self, request, post, form, status=200) -> HttpResponse:
        context = {"post": post, "form": form}
        return render(request, "forum/post_flag.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        form = FlagForm(request.POST)
        if form.is_valid():
            try:
                new = moderation.post_flag(
                    actor=request.user,
                    post=post,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
        if not form.is_valid():
            return self.show(request, post, form, status=400)
        messages.success(
            request,
            _("Thank you. The moderators will look at it.")
            if new
            else _("You have already reported this post."),
        )
        return redirect(_post_link(post, target))


class PostModerateView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "forum.moderate_post"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        return self.show(request, post, PostModerationForm())

    def show(self, request, post, form, status=200) -> HttpResponse:
        context = {"post": post, "form": form, "flags": post.flags.all()}
        return render(request, "forum/post_moderate.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        form = PostModerationForm(request.POST)
        if form.is_valid():
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
            act = {
                "hide": moderation.post_hide,
                "restore": moderation.post_restore,
                "dismiss": moderation.post_flags_dismiss,
            }[action]
            try:
                act(actor=request.user, post=post, reason=reason)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
        if not form.is_valid():
            return self.show(request, post, form, status=400)
        messages.success(request, _("Done."))
        return redirect(_safe_next(request) or _post_link(post, target))


class ThreadModerateView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        thread = get_object_or_404(Thread, pk=pk)
        action = request.POST.get("action")
        try:
            if action in {"lock", "unlock"}:
                moderation.thread_lock(
                    actor=request.user, thread=thread, locked=action == "lock"
                )
            elif action in {"pin", "unpin"}:
                moderation.thread_pin(
                    actor=request.user, thread=thread, pinned=action == "pin"
                )
        except PermissionDenied as error:
            messages.error(request, error_text(error))
        return redirect(thread)


class PostQueueView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("forum.moderate_post"):
            raise PermissionDenied
        page = Paginator(selectors.flagged_posts(), 25).get_page(
            request.GET.get("page")
        )
        return render(request, "forum/moderation_queue.html", {"page_obj": page})


class SuspendView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "forum.suspend_user"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(User, pk=pk)
        return self.show(request, person, SuspendForm())

    def show(self, request, person, form, status=200) -> HttpResponse:
        context = {"person": person, "form": form}
        return render(request, "forum/suspend.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        person = get_object_or_404(User, pk=pk)
        form = SuspendForm(request.POST)
        if form.is_valid():
            try:
                if request.POST.get("action") == "lift":
                    moderation.user_unsuspend(actor=request.user, user=person)
                else:
                    moderation.user_suspend(
                        actor=request.user,
                        user=person,
                        days=form.cleaned_data["days"],
                        reason=form.cleaned_data["reason"],
                    )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
        if not form.is_valid():
            return self.show(request, person, form, status=400)
        messages.success(request, _("Done."))
        return redirect("forum:suspend", pk=person.pk)


def _safe_next(request: HttpRequest) -> str | None:
    """``next`` when it stays on this site (a path, or this host over the
    scheme in use); None otherwise, so no form sends people elsewhere."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
