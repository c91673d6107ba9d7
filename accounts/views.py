from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from accounts import selectors, services
from accounts.forms import AccountDeleteForm, ProfileForm
from accounts.models import User


class PeopleDetailView(DetailView):
    """A person's public page: name, role and what they have contributed."""

    template_name = "accounts/user_detail.html"
    context_object_name = "person"

    def get_object(self, queryset: object = None) -> User:
        return selectors.user_get_public(pk=self.kwargs["pk"])


class ProfileEditView(LoginRequiredMixin, View):
    template_name = "accounts/profile_edit.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(request, ProfileForm(instance=request.user))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProfileForm(request.POST, instance=User.objects.get(pk=request.user.pk))
        if not form.is_valid():
            return self.render(request, form, status=400)
        changed = services.profile_update(
            actor=request.user,
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            district=form.cleaned_data["district"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        if changed:
            messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:people_detail", pk=request.user.pk)

    def render(
        self, request: HttpRequest, form: ProfileForm, status: int = 200
    ) -> HttpResponse:
        return render(request, self.template_name, {"form": form}, status=status)


class PrivacyView(LoginRequiredMixin, View):
    template_name = "accounts/privacy.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": AccountDeleteForm()})


class DataExportView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        data = services.data_export(actor=request.user, user=request.user)
        response = JsonResponse(
            data, json_dumps_params={"ensure_ascii": False, "indent": 2}
        )
        filename = f"idestad-{request.user.pk}-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@method_decorator(reauthentication_required, name="post")
class AccountDeleteView(LoginRequiredMixin, View):
    template_name = "accounts/privacy.html"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = AccountDeleteForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        user = request.user
        services.account_delete(
            actor=user, user=user, keep_contributions=form.keep_contributions
        )
        logout(request)
        messages.success(
            request, _("Your account and personal data have been deleted.")
        )
        return redirect("/")
