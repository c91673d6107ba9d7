from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Locale, Page

from cms.models import ChallengePage, GoalPage
from notifications import selectors, services
from notifications.messages import message_for
from notifications.models import Delivery, NotificationKind
from notifications.unsubscribe import ALL, read_token, unsubscribe


class InboxView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(selectors.notification_list(user=request.user), 30).get_page(
            request.GET.get("page")
        )
        for notification in page.object_list:
            notification.message = message_for(notification)
        return render(request, "notifications/inbox.html", {"page_obj": page})

    def post(self, request: HttpRequest) -> HttpResponse:
        services.notifications_mark_read(actor=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("notifications:inbox")


class PreferencesForm(forms.Form):
    def __init__(self, *args: object, current: dict, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in NotificationKind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label,
                choices=Delivery.choices,
                initial=services.delivery_for(current, kind),
                widget=forms.RadioSelect,
                # A kind left out keeps its current choice.
                required=False,
            )


class PreferencesView(LoginRequiredMixin, View):
    title = gettext_lazy("Notification settings")

    def get(self, request: HttpRequest) -> HttpResponse:
        form = PreferencesForm(current=request.user.notification_preferences)
        return render(request, "notifications/preferences.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PreferencesForm(
            request.POST, current=request.user.notification_preferences
        )
        if not form.is_valid():
            context = {"form": form}
            return render(
                request, "notifications/preferences.html", context, status=400
            )
        services.preferences_update(actor=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notifications:preferences")


class PageFollowView(LoginRequiredMixin, View):
    """Follow or stop following a goal or a challenge (the default-language page,
    so following works the same from either language)."""

    def post(self, request: HttpRequest, page_id: int) -> HttpResponse:
        page = get_object_or_404(Page, pk=page_id).specific
        if not isinstance(page, GoalPage | ChallengePage):
            raise Http404
        target = page.get_translation_or_none(Locale.get_default()) or page
        if request.POST.get("action") == "unfollow":
            services.follow_remove(actor=request.user, target=target)
            messages.success(request, _("You no longer follow this."))
        else:
            try:
                services.follow_add(actor=request.user, target=target)
            except PermissionDenied:
                messages.error(
                    request,
                    _("Confirm your e-mail address to follow goals and challenges."),
                )
                return redirect(page.url)
            messages.success(
                request,
                _("You now follow this. New ideas will be in your notifications."),
            )
        return redirect(page.url)


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """One click from an e-mail, no sign-in: the signed link is the authority.
    GET asks for confirmation (so link checkers change nothing); POST, also
    sent by mail programs per RFC 8058, turns the e-mail off."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        found = read_token(token)
        if found is None:
            return render(request, "notifications/unsubscribe.html", {}, status=400)
        user, kind = found
        return render(
            request, "notifications/unsubscribe.html", {"kind_label": _kind_label(kind)}
        )

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        found = read_token(token)
        if found is None:
            return render(request, "notifications/unsubscribe.html", {}, status=400)
        user, kind = found
        unsubscribe(user=user, kind=kind)
        return render(
            request,
            "notifications/unsubscribe.html",
            {"kind_label": _kind_label(kind), "done": True},
        )


def _kind_label(kind: str) -> str:
    if kind == ALL:
        return _("All e-mail from Idéstad")
    return str(NotificationKind(kind).label)
