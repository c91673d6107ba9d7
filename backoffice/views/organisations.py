"""Organisations waiting for the city's verification, with the evidence the
applicant gave, and the list of all organisations with kind and members."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation
from accounts.organisations import organisation_refuse, organisation_verify
from accounts.validators import normalise_org_number
from backoffice import forms, selectors
from backoffice.views.base import BackOfficeView, form_errors, report


def org_number_check(organisation: Organisation) -> str:
    """The Swedish organisation number check, as a moderator reads it."""
    if not organisation.org_number:
        return _("No organisation number given (a website instead).")
    try:
        normalise_org_number(organisation.org_number)
    except ValidationError as error:
        return " ".join(error.messages)
    return _("The number is well-formed and its check digit matches.")


class OrganisationQueueView(BackOfficeView):
    permission = "accounts.review_organisations"
    template_name = "backoffice/organisation_queue.html"
    page_title = _("Organisations to verify")
    header_icon = "group"

    def get(self, request: HttpRequest) -> HttpResponse:
        waiting = list(
            selectors.organisations_waiting().prefetch_related("memberships__user")[
                :100
            ]
        )
        for organisation in waiting:
            organisation.number_check = org_number_check(organisation)
            organisation.admins = [
                m.user
                for m in organisation.memberships.all()
                if m.role == Membership.Role.ADMIN
            ]
        context = self.get_context_data(organisations=waiting)
        return self.render_to_response(context)


class OrganisationListView(BackOfficeView):
    permission = "accounts.review_organisations"
    template_name = "backoffice/organisation_list.html"
    page_title = _("All organisations")
    header_icon = "group"

    def get(self, request: HttpRequest) -> HttpResponse:
        organisations = Organisation.objects.annotate(
            member_count=Count("memberships")
        ).order_by("name", "pk")
        page = Paginator(organisations, 50).get_page(request.GET.get("p"))
        return self.render_to_response(self.get_context_data(page=page))


class OrganisationDecideView(BackOfficeView):
    permission = "accounts.review_organisations"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        organisation = get_object_or_404(Organisation, pk=pk)
        try:
            if request.POST.get("action") == "verify":
                organisation_verify(actor=request.user, organisation=organisation)
                messages.success(
                    request,
                    _("“%(name)s” is verified; its administrators have been told.")
                    % {"name": organisation.name},
                )
            else:
                form = forms.ReasonForm(request.POST)
                if not form.is_valid():
                    form_errors(request, form)
                    return redirect("backoffice_organisations:index")
                organisation_refuse(
                    actor=request.user,
                    organisation=organisation,
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    _("“%(name)s” is refused; its administrators have been told why.")
                    % {"name": organisation.name},
                )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                error = ValidationError(
                    _("You cannot decide on an organisation you belong to.")
                )
            report(request, error)
        return redirect("backoffice_organisations:index")
