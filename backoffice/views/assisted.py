"""Assisted participation in the back office: staff who registered a person
(at a library or service centre, with the person's consent on record) write an
idea, a support or a comment for them. Each is the person's, shown publicly
as "with assistance from city staff", and in the audit log."""

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AssistedRegistration, User
from backoffice.choosers import idea_chooser_viewset
from backoffice.forms import IdeaChoiceField
from backoffice.views.base import BackOfficeView, form_errors, report
from forum.services import post_create
from ideas.forms import IdeaForm
from ideas.models import Idea
from ideas.services import idea_create
from ideas.supports import support_add


class AssistedIdeaChoiceForm(django_forms.Form):
    idea = IdeaChoiceField(label=gettext_lazy("Idea"), queryset=Idea.objects.visible())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idea"].widget = idea_chooser_viewset.widget_class()


class AssistedCommentForm(AssistedIdeaChoiceForm):
    body = django_forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=10_000,
        widget=django_forms.Textarea(attrs={"rows": 4}),
    )


class AssistedListView(BackOfficeView):
    permission = "accounts.register_assisted"
    template_name = "backoffice/assisted_list.html"
    page_title = gettext_lazy("Assisted participation")
    header_icon = "user"

    def get(self, request: HttpRequest) -> HttpResponse:
        registrations = AssistedRegistration.objects.select_related(
            "user", "registered_by"
        ).order_by("-consent_at", "-pk")
        page = Paginator(registrations, 50).get_page(request.GET.get("p"))
        return self.render_to_response(self.get_context_data(page=page))


class AssistedPersonView(BackOfficeView):
    """Write for one assisted person: an idea, a support, a comment."""

    permission = "accounts.register_assisted"
    template_name = "backoffice/assisted_person.html"
    header_icon = "user"
    FORMS = ("idea", "support", "comment")

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.person = get_object_or_404(
            User.objects.select_related("assisted_registration"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Take part for %(name)s") % {"name": self.person.display_name}

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("backoffice_assisted:index"),
                "label": _("Assisted participation"),
            },
            {"url": "", "label": self.person.display_name},
        ]

    def make_form(self, name: str, data=None):
        if name == "idea":
            return IdeaForm(data, author=self.person, with_uploads=False, prefix="idea")
        if name == "support":
            return AssistedIdeaChoiceForm(data, prefix="support")
        return AssistedCommentForm(data, prefix="comment")

    def get(self, request: HttpRequest, pk: int, bound=None) -> HttpResponse:
        registration = getattr(self.person, "assisted_registration", None)
        context = self.get_context_data(
            person=self.person,
            registration=registration,
            may_assist=request.user.has_perm("accounts.assist_person", self.person),
            **{
                f"{name}_form": bound[1]
                if bound and bound[0] == name
                else self.make_form(name)
                for name in self.FORMS
            },
        )
        return self.render_to_response(context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        name = request.POST.get("action", "")
        if name not in self.FORMS:
            messages.error(request, _("Choose an action."))
            return redirect("backoffice_assisted:person", pk=pk)
        form = self.make_form(name, request.POST)
        if form.is_valid():
            try:
                done = getattr(self, f"save_{name}")(request, form)
            except (ValidationError, PermissionDenied) as error:
                report(request, error)
                if isinstance(error, ValidationError):
                    form.add_error(None, error.messages)
            else:
                messages.success(request, done)
                return redirect("backoffice_assisted:person", pk=pk)
        else:
            form_errors(request, form)
        response = self.get(request, pk, bound=(name, form))
        response.status_code = 400
        return response

    def save_idea(self, request: HttpRequest, form: IdeaForm) -> str:
        idea = idea_create(
            actor=request.user,
            data=form.to_data(),
            publish=True,
            on_behalf_of=self.person,
        )
        return _("“%(title)s” is published for %(name)s.") % {
            "title": idea.title,
            "name": self.person.display_name,
        }

    def save_support(self, request: HttpRequest, form) -> str:
        added = support_add(
            actor=request.user,
            idea=form.cleaned_data["idea"],
            on_behalf_of=self.person,
        )
        if not added:
            return _("%(name)s already supports this idea.") % {
                "name": self.person.display_name
            }
        return _("The support is given for %(name)s.") % {
            "name": self.person.display_name
        }

    def save_comment(self, request: HttpRequest, form) -> str:
        post_create(
            actor=request.user,
            target=form.cleaned_data["idea"],
            body=form.cleaned_data["body"],
            on_behalf_of=self.person,
        )
        return _("The comment is published for %(name)s.") % {
            "name": self.person.display_name
        }
