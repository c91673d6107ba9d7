"""Forms of the back office. Every value a person types or a URL carries is
parsed here; what is wrong is explained, and nothing reaches a service
unchecked."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from backoffice import selectors
from cms.models import GoalPage
from common.forms import BoundedModelChoiceField, BoundedModelMultipleChoiceField
from common.parsing import plain_text
from forum.moderation import MAX_SUSPENSION_DAYS
from ideas.models import Idea, IdeaKind, IdeaStatus, Indicator
from ideas.projects import IndicatorData

ANY = [("", _("Any"))]


def _pages(model: type) -> list[tuple[int, str]]:
    default = model.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    return [(p.pk, p.title) for p in default.order_by("title").only("pk", "title")]


class TriageFilterForm(forms.Form):
    """GET filters of the triage list; a wrong value is dropped, not a 500."""

    q = forms.CharField(label=_("Title or number"), required=False, max_length=140)
    status = forms.ChoiceField(label=_("Status"), required=False)
    waiting = forms.BooleanField(
        label=_("Waiting for an official answer"), required=False
    )
    age = forms.TypedChoiceField(
        label=_("Published at least"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    author_role = forms.ChoiceField(label=_("Author's role"), required=False)
    goal = forms.TypedChoiceField(
        label=_("Goal"), required=False, coerce=int, empty_value=None
    )
    challenge = forms.TypedChoiceField(
        label=_("Challenge"), required=False, coerce=int, empty_value=None
    )
    district = forms.TypedChoiceField(
        label=_("District"), required=False, coerce=int, empty_value=None
    )
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    unit = forms.ChoiceField(label=_("Assigned unit"), required=False)
    assigned_to = forms.TypedChoiceField(
        label=_("Assigned to"), required=False, coerce=int, empty_value=None
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("oldest", _("Oldest first")),
            ("newest", _("Newest first")),
            ("supported", _("Most supported")),
        ],
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["status"].choices = ANY + list(IdeaStatus.choices)
        fields["kind"].choices = ANY + list(IdeaKind.choices)
        fields["author_role"].choices = ANY + list(Role.choices)
        fields["age"].choices = ANY + [
            (days, _("%(n)s days ago") % {"n": days}) for days in selectors.AGES
        ]
        choices = selectors.filter_choices()
        fields["goal"].choices = ANY + choices["goals"]
        fields["challenge"].choices = ANY + choices["challenges"]
        fields["district"].choices = ANY + choices["districts"]
        fields["organisation"].choices = ANY + choices["organisations"]
        fields["unit"].choices = ANY + choices["units"]
        fields["assigned_to"].choices = ANY + choices["staff"]

    def age_labels(self) -> list[tuple[int, str]]:
        return list(self.fields["age"].choices[1:])

    def to_filters(self) -> selectors.TriageFilters:
        if not self.is_valid():
            # Keep what is valid; a hand-edited URL loses only its bad part.
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        values = {k: v for k, v in data.items() if v not in (None, "")}
        if "q" in values:
            values["q"] = plain_text(values["q"], maximum=140)
        return selectors.TriageFilters(**values)


class IdeaChoiceField(BoundedModelChoiceField):
    """An idea chosen with the back office's chooser (a search, not a number)."""

    def label_from_instance(self, obj: Idea) -> str:
        return f"#{obj.pk} {obj.title}"


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to everyone in the idea's timeline."),
    )
    duplicate_of = IdeaChoiceField(
        label=_("Original idea (for duplicates)"),
        required=False,
        queryset=Idea.objects.visible(),
    )

    def __init__(
        self, *args: object, allowed: list[str], chooser_widget=None, **kwargs: object
    ) -> None:
        kwargs.setdefault("auto_id", "status_%s")  # one page holds several forms
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, IdeaStatus(s).label) for s in allowed]
        if chooser_widget is not None:
            self.fields["duplicate_of"].widget = chooser_widget

    def clean_reason(self) -> str:
        return plain_text(self.cleaned_data["reason"], maximum=2000)


class BulkStatusForm(forms.Form):
    ideas = BoundedModelMultipleChoiceField(queryset=Idea.objects.published())
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (s, IdeaStatus(s).label)
            for s in (
                IdeaStatus.UNDER_REVIEW,
                IdeaStatus.ACCEPTED,
                IdeaStatus.NOT_SELECTED,
            )
        ],
    )
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    assignee = BoundedModelChoiceField(
        label=_("Staff member"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Nobody"),
    )
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=120,
        help_text=_("E.g. Trafikkontoret. Empty: the staff member's own unit."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.staff_choices()


class BulkAssignForm(AssignForm):
    ideas = BoundedModelMultipleChoiceField(queryset=Idea.objects.published())


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", "reason_%s")  # one page holds several forms
        super().__init__(*args, **kwargs)

    def clean_reason(self) -> str:
        return plain_text(self.cleaned_data["reason"], maximum=300)


class SuspendForm(ReasonForm):
    days = forms.IntegerField(
        label=_("Days"), min_value=1, max_value=MAX_SUSPENSION_DAYS, initial=7
    )


def goal_choices() -> list[tuple[int, str]]:
    return _pages(GoalPage)


class ProjectLinksForm(forms.Form):
    """The goals a project serves and the ideas it came from."""

    goals = forms.TypedMultipleChoiceField(
        label=_("Goals"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    keep_ideas = BoundedModelMultipleChoiceField(
        label=_("Linked ideas (untick to unlink)"),
        required=False,
        queryset=Idea.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    add_idea = IdeaChoiceField(
        label=_("Link another idea"), required=False, queryset=Idea.objects.visible()
    )

    def __init__(self, *args, project, chooser_widget=None, **kwargs) -> None:
        kwargs.setdefault("auto_id", "links_%s")
        super().__init__(*args, **kwargs)
        self.fields["goals"].choices = goal_choices()
        self.fields["keep_ideas"].queryset = project.origin_ideas.all()
        if not self.is_bound:
            self.initial["goals"] = list(project.goals.values_list("pk", flat=True))
            self.initial["keep_ideas"] = list(project.origin_ideas.all())
        if chooser_widget is not None:
            self.fields["add_idea"].widget = chooser_widget

    def goal_pages(self) -> list[GoalPage]:
        return list(GoalPage.objects.filter(pk__in=self.cleaned_data["goals"]))

    def idea_list(self) -> list[Idea]:
        ideas = list(self.cleaned_data["keep_ideas"])
        if self.cleaned_data.get("add_idea"):
            ideas.append(self.cleaned_data["add_idea"])
        return ideas


class IndicatorAdminForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=140)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Indicator.Direction.choices
    )
    goal = forms.TypedChoiceField(
        label=_("Strategy goal"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("None"))] + goal_choices()

    def to_data(self) -> IndicatorData:
        data = dict(self.cleaned_data)
        goal = data.pop("goal")
        return IndicatorData(
            **data, goal=GoalPage.objects.filter(pk=goal).first() if goal else None
        )


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(
        label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)
