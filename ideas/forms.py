"""Forms for ideas: each field checked and explained in the reader's language.
Rules that span fields and people are checked again by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from accounts.models import Organisation, User
from cms.models import ChallengePage, District, GoalPage
from cms.selectors import localized_by_translation_key
from ideas.models import Idea, IdeaKind, IdeaStatus
from ideas.services import IdeaData

MAX_TAGS = 10


def default_locale_goals():
    return GoalPage.objects.live().filter(locale=Locale.get_default()).order_by("path")


class LocalizedPageChoice(forms.ModelMultipleChoiceField):
    """Choices are the default-language pages; labels in the reader's language."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._labels: dict | None = None

    def label_from_instance(self, obj: GoalPage) -> str:
        if self._labels is None:
            try:
                locale = Locale.get_active()
            except Locale.DoesNotExist:
                locale = Locale.get_default()
            keys = [page.translation_key for page in self.queryset]
            pages = localized_by_translation_key(GoalPage, keys, locale=locale)
            self._labels = {key: page.title for key, page in pages.items()}
        return self._labels.get(obj.translation_key, obj.title)


def parse_tags(value: str) -> list[str]:
    tags = []
    for raw in value.split(","):
        tag = " ".join(raw.split()).lower()[:50]
        if tag and tag not in tags:
            tags.append(tag)
    return tags


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("At most 300 characters. Shown in lists."),
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Markdown works: **bold**, *italics*, lists with - and links "
            "[text](https://…)."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=IdeaKind.choices,
        initial=IdeaKind.IDEA,
        widget=forms.RadioSelect,
    )
    goals = LocalizedPageChoice(
        label=_("Goals in the strategy"),
        queryset=GoalPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Link the idea to at least one goal."),
            "invalid_choice": _("One of the chosen goals does not exist."),
            "invalid_pk_value": _("One of the chosen goals does not exist."),
        },
    )
    district = forms.ModelChoiceField(
        label=_("Where in the city?"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("The whole city"),
    )
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=ChallengePage.objects.none(),
        required=False,
        empty_label=_("No challenge"),
    )
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Myself"),
        help_text=_(
            "Pilot proposals are made for a company, research collaborations for "
            "an academic organisation."
        ),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate with commas, e.g. sensors, water."),
    )
    pilot_what = forms.CharField(
        label=_("What would be tested?"), required=False, widget=forms.Textarea
    )
    pilot_where = forms.CharField(label=_("Where?"), required=False, max_length=200)
    pilot_duration = forms.CharField(
        label=_("For how long?"), required=False, max_length=100
    )
    pilot_needs = forms.CharField(
        label=_("What does the company need from the city?"),
        required=False,
        widget=forms.Textarea,
    )
    pilot_effect = forms.CharField(
        label=_("Expected effect on the goals"), required=False, widget=forms.Textarea
    )

    def __init__(self, *args: object, author: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = default_locale_goals()
        self.fields["challenge"].queryset = ChallengePage.objects.live().filter(
            locale=Locale.get_default()
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(
            memberships__user=author
        )

    def clean_tags(self) -> list[str]:
        tags = parse_tags(self.cleaned_data["tags"])
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("At most %(n)s tags.") % {"n": MAX_TAGS}, code="too_many"
            )
        return tags

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def to_data(self) -> IdeaData:
        data = dict(self.cleaned_data)
        data["goals"] = list(data["goals"])
        return IdeaData(**data)

    @classmethod
    def initial_from(cls, idea: Idea) -> dict:
        return {
            "title": idea.title,
            "summary": idea.summary,
            "body": idea.body,
            "kind": idea.kind,
            "goals": list(idea.goals.all()),
            "district": idea.district,
            "challenge": idea.challenge,
            "organisation": idea.organisation,
            "tags": ", ".join(sorted(idea.tags.names())),
            **{
                name: getattr(idea, name)
                for name in (
                    "pilot_what",
                    "pilot_where",
                    "pilot_duration",
                    "pilot_needs",
                    "pilot_effect",
                )
            },  # fmt: skip
        }


class IdeaFilterForm(forms.Form):
    """Plain GET parameters, so a filtered list is a shareable address. An
    unknown value is ignored rather than refused."""

    goal = forms.ModelChoiceField(
        label=_("Goal"), queryset=GoalPage.objects.none(), required=False,
        empty_label=_("All goals"),
    )  # fmt: skip
    district = forms.ChoiceField(label=_("District"), required=False)
    challenge = forms.ModelChoiceField(
        label=_("Challenge"), queryset=ChallengePage.objects.none(), required=False,
        empty_label=_("All challenges"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *IdeaStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *IdeaKind.choices],
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("All organisations"),
    )  # fmt: skip
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest")),
            ("most_supported", _("Most supported")),
            ("most_discussed", _("Most discussed")),
            ("trending", _("Trending")),
        ],
    )

    def __init__(self, *args: object, locale: Locale, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = GoalPage.objects.live().filter(locale=locale)
        self.fields["challenge"].queryset = ChallengePage.objects.live().filter(
            locale=locale
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(
            ideas__isnull=False
        ).distinct()
        self.fields["district"].choices = [
            ("", _("All of Stockholm")),
            ("city", _("The whole city")),
            *((d.slug, d.name) for d in District.objects.all()),
        ]

    def value(self, name: str) -> object:
        """The cleaned value, or empty when it was not valid."""
        if not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name) or None


class StatusChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to everyone in the idea's timeline."),
    )
    duplicate_of = forms.IntegerField(
        label=_("Original idea number (for duplicates)"), required=False, min_value=1
    )

    def __init__(self, *args: object, allowed: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, IdeaStatus(s).label) for s in allowed]

    def clean_duplicate_of(self) -> Idea | None:
        pk = self.cleaned_data["duplicate_of"]
        if pk is None:
            return None
        idea = Idea.objects.visible().filter(pk=pk).first()
        if idea is None:
            raise forms.ValidationError(
                _("There is no published idea with that number.")
            )
        return idea


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Official answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
