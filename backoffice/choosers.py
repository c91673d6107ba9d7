"""Choosing an idea in the admin (the original of a duplicate) with Wagtail's
chooser modal: search by words of the title or by number, never by typing a
number into a bare field."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from backoffice.selectors import search_q
from common.parsing import plain_text
from ideas.models import Idea


class IdeaSearchForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Title or number")}),
        required=False,
        max_length=140,
    )

    def filter(self, objects: QuerySet[Idea]) -> QuerySet[Idea]:
        term = plain_text(self.cleaned_data.get("q") or "", maximum=140)
        if not term:
            return objects
        self.is_searching = True
        self.search_query = term
        return objects.filter(search_q(term))


class OriginalIdeaMixin:
    """Only published, visible, unique ideas can be an original; staff only."""

    filter_form_class = IdeaSearchForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("ideas.change_status_idea"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self) -> QuerySet[Idea]:
        return (
            Idea.objects.visible()
            .exclude(status="duplicate")
            .order_by("-published_at", "-pk")
        )


class IdeaChooseView(OriginalIdeaMixin, chooser_views.ChooseView):
    pass


class IdeaChooseResultsView(OriginalIdeaMixin, chooser_views.ChooseResultsView):
    pass


class IdeaChosenView(OriginalIdeaMixin, chooser_views.ChosenView):
    def get_object(self, pk):
        return self.get_object_list().get(pk=pk)


class IdeaChooserViewSet(ChooserViewSet):
    model = Idea
    icon = "doc-full"
    choose_one_text = _("Choose the original idea")
    choose_another_text = _("Choose another idea")
    per_page = 20
    choose_view_class = IdeaChooseView
    choose_results_view_class = IdeaChooseResultsView
    chosen_view_class = IdeaChosenView


idea_chooser_viewset = IdeaChooserViewSet(
    "idea_chooser", url_prefix="idestad/idea-chooser"
)
