from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from accounts import organisations, selectors, services
from accounts.forms import (
    AccountDeleteForm,
    AvatarForm,
    InvitationForm,
    LogoForm,
    OrganisationFlagForm,
    OrganisationForm,
    ProfileForm,
)
from accounts.models import Organisation, User


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
        self,
        request: HttpRequest,
        form: ProfileForm,
        status: int = 200,
        avatar_form: AvatarForm | None = None,
    ) -> HttpResponse:
        context = {"form": form, "avatar_form": avatar_form or AvatarForm()}
        return render(request, self.template_name, context, status=status)


class AvatarView(ProfileEditView):
    def post(self, request: HttpRequest) -> HttpResponse:
        avatar_form = AvatarForm(request.POST, request.FILES)
        if avatar_form.is_valid():
            upload = avatar_form.cleaned_data["avatar"]
            try:
                services.avatar_set(
                    actor=request.user,
                    user=request.user,
                    upload=None if avatar_form.cleaned_data["remove"] else upload,
                )
            except ValidationError as error:
                avatar_form.add_error("avatar", error)
        if not avatar_form.is_valid():
            profile_form = ProfileForm(instance=request.user)
            return self.render(request, profile_form, 400, avatar_form=avatar_form)
        messages.success(request, _("Your picture has been saved."))
        return redirect("accounts:profile_edit")


class PrivacyView(LoginRequiredMixin, View):
    template_name = "accounts/privacy.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": AccountDeleteForm()})


class DataExportView(LoginRequiredMixin, View):
    """ "Download my data": a zip of data.json and the person's own files."""

    def get(self, request: HttpRequest) -> HttpResponse:
        archive = services.data_export_archive(actor=request.user, user=request.user)
        filename = f"idestad-{request.user.pk}-{timezone.localdate():%Y-%m-%d}.zip"
        return FileResponse(
            archive,
            as_attachment=True,
            filename=filename,
            content_type="application/zip",
        )


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


class OrganisationDetailView(DetailView):
    template_name = "accounts/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset: object = None) -> Organisation:
        return selectors.organisation_get(slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs: object) -> dict:
        context = super().get_context_data(**kwargs)
        organisation = self.object
        user = self.request.user
        context["memberships"] = selectors.membership_list(organisation=organisation)
        context["can_invite"] = user.has_perm(
            "accounts.invite_to_organisation", organisation
        )
        context["can_change"] = user.has_perm(
            "accounts.change_organisation", organisation
        )
        context["can_verify"] = not organisation.verified and user.has_perm(
            "accounts.verify_organisation", organisation
        )
        if user.has_perm("accounts.flag_organisation", organisation):
            context["flag_form"] = OrganisationFlagForm()
        return context


class OrganisationCreateView(LoginRequiredMixin, View):
    template_name = "accounts/organisation_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": OrganisationForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = OrganisationForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        try:
            organisation = organisations.organisation_create(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, self.template_name, {"form": form}, status=400)
        messages.success(
            request,
            _("The organisation has been created. A moderator will verify it."),
        )
        return redirect("accounts:organisation_detail", slug=organisation.slug)


class InvitationCreateView(LoginRequiredMixin, View):
    template_name = "accounts/invitation_form.html"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.organisation = selectors.organisation_get(slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        if not request.user.has_perm(
            "accounts.invite_to_organisation", self.organisation
        ):
            raise PermissionDenied
        return self.render(request, InvitationForm())

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                organisations.invitation_create(
                    actor=request.user,
                    organisation=self.organisation,
                    email=form.cleaned_data["email"],
                    accept_url=organisations.accept_url_for(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
        if not form.is_valid():
            return self.render(request, form, status=400)
        messages.success(request, _("The invitation has been sent."))
        return redirect("accounts:organisation_detail", slug=slug)

    def render(self, request: HttpRequest, form: InvitationForm, status: int = 200):
        context = {"form": form, "organisation": self.organisation}
        return render(request, self.template_name, context, status=status)


class InvitationAcceptView(LoginRequiredMixin, View):
    template_name = "accounts/invitation_accept.html"

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return render(request, self.template_name, {"token": token})

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        try:
            membership = organisations.invitation_accept(
                actor=request.user, token=token
            )
        except (ValidationError, PermissionDenied) as error:
            reason = " ".join(getattr(error, "messages", None) or [str(error)])
            context = {"token": token, "error": reason}
            return render(request, self.template_name, context, status=400)
        messages.success(request, _("Welcome! You are now a member."))
        return redirect(
            "accounts:organisation_detail", slug=membership.organisation.slug
        )


class OrganisationVerifyView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        organisation = selectors.organisation_get(slug=slug)
        if organisations.organisation_verify(
            actor=request.user, organisation=organisation
        ):
            messages.success(request, _("The organisation is now verified."))
        return redirect("accounts:organisation_detail", slug=slug)


class OrganisationFlagView(LoginRequiredMixin, View):
    """A reader reports an organisation to the moderators."""

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        organisation = selectors.organisation_get(slug=slug)
        form = OrganisationFlagForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what is wrong with the organisation."))
            return redirect("accounts:organisation_detail", slug=slug)
        try:
            created = organisations.organisation_flag(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("accounts:organisation_detail", slug=slug)
        if created:
            messages.success(request, _("Thank you. A moderator will look at it."))
        else:
            messages.info(request, _("You have already reported this organisation."))
        return redirect("accounts:organisation_detail", slug=slug)


class OrganisationLogoView(LoginRequiredMixin, View):
    template_name = "accounts/organisation_logo.html"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.organisation = selectors.organisation_get(slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        if not request.user.has_perm("accounts.change_organisation", self.organisation):
            raise PermissionDenied
        return self.render(request, LogoForm())

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        form = LogoForm(request.POST, request.FILES)
        if form.is_valid():
            remove = form.cleaned_data["remove"]
            try:
                organisations.organisation_logo_set(
                    actor=request.user,
                    organisation=self.organisation,
                    upload=None if remove else form.cleaned_data["logo"],
                )
            except ValidationError as error:
                form.add_error("logo", error)
        if not form.is_valid():
            return self.render(request, form, status=400)
        messages.success(request, _("The logo has been saved."))
        return redirect("accounts:organisation_detail", slug=slug)

    def render(self, request: HttpRequest, form: LogoForm, status: int = 200):
        context = {"form": form, "organisation": self.organisation}
        return render(request, self.template_name, context, status=status)
