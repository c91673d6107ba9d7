"""Pages for assisted participation: staff register a person and print their
code; the person takes the account over with it."""

from allauth.account.internal.flows.email_verification import (
    send_verification_email_to_address,
)
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View

from accounts import assisted
from accounts.forms import AssistedRegistrationForm, TakeOverForm
from accounts.models import AssistedRegistration

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _takeover_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:takeover"))


def _code_sheet(request: HttpRequest, issued: assisted.IssuedCode) -> HttpResponse:
    """The one page where the code is shown: to print and hand over."""
    context = {
        "issued": issued,
        "person": issued.registration.user,
        "takeover_url": _takeover_url(request),
    }
    response = render(request, "accounts/assisted_code.html", context)
    add_never_cache_headers(response)
    return response


class StaffOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        if request.user.is_authenticated and not request.user.has_perm(
            "accounts.register_assisted"
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AssistedListView(StaffOnlyMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        registrations = AssistedRegistration.objects.select_related(
            "user", "registered_by"
        )
        page = Paginator(registrations, 50).get_page(request.GET.get("page"))
        return render(request, "accounts/assisted_list.html", {"page": page})


class AssistedRegisterView(StaffOnlyMixin, View):
    template_name = "accounts/assisted_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": AssistedRegistrationForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = AssistedRegistrationForm(request.POST)
        if form.is_valid():
            try:
                issued = assisted.assisted_register(
                    actor=request.user,
                    takeover_url=_takeover_url(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                field = "email" if error.code == "taken" else None
                form.add_error(field, error)
            else:
                return _code_sheet(request, issued)
        return render(request, self.template_name, {"form": form}, status=400)


class TakeoverCodeReissueView(StaffOnlyMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        registration = get_object_or_404(
            AssistedRegistration.objects.select_related("user"), pk=pk
        )
        try:
            issued = assisted.takeover_code_reissue(
                actor=request.user,
                registration=registration,
                takeover_url=_takeover_url(request),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:assisted_list")
        return _code_sheet(request, issued)


class TakeOverView(View):
    template_name = "accounts/takeover.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        code = request.GET.get("code", "")
        form = TakeOverForm(initial={"code": code, "from_link": bool(code)})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TakeOverForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = assisted.account_take_over(
                    code=data["code"],
                    email=data["email"],
                    password=data["password1"],
                    email_proven=data["from_link"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    form.add_error(None, error)
                else:
                    form.add_error("code", error)
            else:
                return self.signed_in(request, user)
        return render(request, self.template_name, {"form": form}, status=400)

    def signed_in(self, request: HttpRequest, user: object) -> HttpResponse:
        login(request, user, backend=AUTH_BACKEND)
        messages.success(request, _("Welcome! The account is now yours."))
        address = user.emailaddress_set.get(primary=True)
        if address.verified:
            return redirect("accounts:profile_edit")
        # allauth's own flow (by code, as configured) confirms a new address; the
        # account may already take part, as staff met the person.
        send_verification_email_to_address(request, address)
        return redirect("account_email_verification_sent")
