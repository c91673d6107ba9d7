"""Webhooks in the Wagtail admin (Settings → Webhooks): staff register an
endpoint and its events, see its signing secret and every delivery with the
code the partner answered, and send a given-up delivery again. Every view
asks ``opendata.manage_webhooks`` (second factor included) through the
permission policy, and every write goes through opendata/webhooks.py, which
asks again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.models import User
from opendata import webhooks
from opendata.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

PERMISSION = "opendata.manage_webhooks"


class RulesPermissionPolicy(BasePermissionPolicy):
    """Every action on webhooks is the one rules permission."""

    def user_has_permission(self, user, action) -> bool:
        return user.has_perm(PERMISSION)

    def user_has_any_permission(self, user, actions) -> bool:
        return user.has_perm(PERMISSION)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return user.has_perm(PERMISSION)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return user.has_perm(PERMISSION)

    def instances_user_has_any_permission_for(self, user, actions):
        if user.has_perm(PERMISSION):
            return WebhookEndpoint.objects.all()
        return WebhookEndpoint.objects.none()

    def users_with_any_permission(self, actions):
        staff = Q(groups__name="City staff") | Q(is_superuser=True)
        return User.objects.filter(staff, is_active=True).distinct()


class WebhookEndpointForm(WagtailAdminModelForm):
    url = forms.URLField(
        label=gettext_lazy("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=gettext_lazy(
            "The partner's server on the public internet that receives each "
            "event as a signed POST."
        ),
    )
    events = forms.MultipleChoiceField(
        label=gettext_lazy("Events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("What the partner is told of."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "active"]


def _save(view, form) -> WebhookEndpoint:
    data = form.cleaned_data
    return webhooks.webhook_endpoint_save(
        actor=view.request.user,
        endpoint=form.instance if form.instance.pk else None,
        name=data["name"],
        url=data["url"],
        events=list(data["events"]),
        active=data["active"],
    )


class _ServiceFormMixin:
    """The service checks the address (once: resolving it is a DNS lookup) and
    the events; what it refuses is shown on the form's own fields."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as error:
            form.add_error(None, error)
            # What Wagtail's own post() sets when a form is invalid.
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


class WebhookIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(last_delivery=Max("deliveries__last_attempt_at"))
        )


class WebhookCreateView(_ServiceFormMixin, generic.CreateView):
    def save_instance(self) -> WebhookEndpoint:
        return _save(self, self.form)

    def get_success_url(self) -> str:
        return reverse("webhooks:deliveries", args=[self.object.pk])


class WebhookEditView(_ServiceFormMixin, generic.EditView):
    def save_instance(self) -> WebhookEndpoint:
        return _save(self, self.form)


class WebhookDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        webhooks.webhook_endpoint_delete(actor=self.request.user, endpoint=self.object)


class WebhookDeliveriesView(WagtailAdminTemplateMixin, View):
    """An endpoint's secret, its deliveries (newest first) with the answer
    each got, and the actions: a new secret, send a given-up one again."""

    template_name = "opendata/webhook_deliveries.html"
    header_icon = "link"

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        self.endpoint = get_object_or_404(WebhookEndpoint, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Deliveries to “%(name)s”") % {"name": self.endpoint.name}

    def get_breadcrumbs_items(self) -> list:
        return [
            {"url": reverse("webhooks:index"), "label": _("Webhooks")},
            {"url": "", "label": self.endpoint.name},
        ]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        deliveries = WebhookDelivery.objects.filter(endpoint=self.endpoint).order_by(
            "-id"
        )
        page = Paginator(deliveries, 50).get_page(request.GET.get("p"))
        counts = dict(
            WebhookDelivery.objects.filter(endpoint=self.endpoint)
            .values_list("status")
            .annotate(n=Count("id"))
        )
        labels = dict(WebhookDelivery.Status.choices)
        context = self.get_context_data(
            endpoint=self.endpoint,
            page=page,
            counts=[(labels[s], counts.get(s, 0)) for s in labels],
        )
        return self.render_to_response(context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.POST.get("action") == "rotate":
            webhooks.webhook_secret_rotate(actor=request.user, endpoint=self.endpoint)
            messages.success(
                request,
                _(
                    "A new secret is made; give it to the partner before the next "
                    "event."
                ),
            )
        elif request.POST.get("action") == "retry":
            delivery = WebhookDelivery.objects.filter(
                endpoint=self.endpoint, pk=_number(request.POST.get("delivery"))
            ).first()
            if delivery is not None and webhooks.webhook_delivery_retry(
                actor=request.user, delivery=delivery
            ):
                messages.success(request, _("The delivery will be sent again now."))
            else:
                messages.error(
                    request, _("Only a delivery that was given up is sent again.")
                )
        return redirect("webhooks:deliveries", pk=self.endpoint.pk)


def _number(text: str | None) -> int | None:
    return (
        int(text)
        if text and text.isascii() and text.isdigit() and len(text) < 12
        else None
    )


class WebhookViewSet(ModelViewSet):
    model = WebhookEndpoint
    form_class = WebhookEndpointForm
    icon = "link"
    menu_label = gettext_lazy("Webhooks")
    add_to_settings_menu = True
    add_to_admin_menu = False
    name = "webhooks"
    url_prefix = "webhooks"
    add_view_class = WebhookCreateView
    edit_view_class = WebhookEditView
    delete_view_class = WebhookDeleteView
    copy_view_enabled = False

    index_view_class = WebhookIndexView

    def get_form_class(self, for_update: bool = False):
        return WebhookEndpointForm

    @property
    def list_display(self) -> list:
        return [
            TitleColumn("name", label=_("Name"), url_name="webhooks:edit"),
            Column("url", label=_("Address")),
            Column("event_labels", label=_("Events")),
            BooleanColumn("active", label=_("Active")),
            Column("last_delivery", label=_("Last delivery")),
            TitleColumn(
                "deliveries",
                label=_("Deliveries and secret"),
                accessor=lambda endpoint: _("Deliveries and secret"),
                get_url=lambda endpoint: reverse(
                    "webhooks:deliveries", args=[endpoint.pk]
                ),
            ),
        ]

    def get_urlpatterns(self) -> list:
        return [
            *super().get_urlpatterns(),
            path(
                "<int:pk>/deliveries/",
                WebhookDeliveriesView.as_view(),
                name="deliveries",
            ),
        ]
