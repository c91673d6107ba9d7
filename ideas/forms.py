"""Forms for ideas: each field checked and explained in the reader's language.
Rules that span fields and people are checked again by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from accounts.models import Organisation, User
from cms.models import ChallengePage, District, GoalPage
from cms.navigation import goal_labels
from common.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    PlainSelect,
)
from common.locales import active_locale, default_locale
from common.parsing import parse_id
from ideas.models import Idea, IdeaKind, IdeaStatus, Indicator, Project
from ideas.projects import IndicatorData, ProjectData
from ideas.selectors import filter_choices
from ideas.services import IdeaData

MAX_TAGS = 10


def default_locale_goals():
    return GoalPage.objects.live().filter(locale=default_locale()).order_by("path")


class LocalizedPageChoice(BoundedModelMultipleChoiceField):
    """Choices are the default-language pages; labels in the reader's language,
    from the cached goal labels."""

    def label_from_instance(self, obj: GoalPage) -> str:
        return goal_labels(active_locale()).get(obj.pk, {}).get("title", obj.title)


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
    district = BoundedModelChoiceField(
        label=_("Where in the city?"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("The whole city"),
    )
    challenge = BoundedModelChoiceField(
        label=_("Challenge"),
        queryset=ChallengePage.objects.none(),
        required=False,
        empty_label=_("No challenge"),
    )
    organisation = BoundedModelChoiceField(
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
    image = forms.FileField(
        label=_("Picture (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. Up to 5 pictures in all."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    image_alt = forms.CharField(
        label=_("Describe the picture"),
        required=False,
        max_length=250,
        help_text=_("For people who cannot see it. Required with a picture."),
    )
    attachment = forms.FileField(
        label=_("PDF attachment (optional)"),
        required=False,
        help_text=_("At most 10 MB. Up to 3 attachments in all."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    attachment_title = forms.CharField(
        label=_("Title of the attachment"), required=False, max_length=140
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

    def __init__(
        self, *args: object, author: User, with_uploads: bool = True, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        if not with_uploads:  # an edit manages pictures on the media page
            for name in self.MEDIA_FIELDS:
                del self.fields[name]
        self.fields["goals"].queryset = default_locale_goals()
        self.fields["challenge"].queryset = ChallengePage.objects.live().filter(
            locale=default_locale()
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

    MEDIA_FIELDS = ("image", "image_alt", "attachment", "attachment_title")
    PILOT_FIELDS = (
        "pilot_what", "pilot_where", "pilot_duration", "pilot_needs", "pilot_effect",
    )  # fmt: skip

    def main_fields(self) -> list[forms.BoundField]:
        """The fields every kind of idea has, in order."""
        grouped = {*self.MEDIA_FIELDS, *self.PILOT_FIELDS}
        return [self[name] for name in self.fields if name not in grouped]

    def pilot_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PILOT_FIELDS]

    def media_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MEDIA_FIELDS if name in self.fields]

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt", "").strip():
            self.add_error(
                "image_alt", _("Describe the picture for people who cannot see it.")
            )
        return cleaned

    def to_data(self) -> IdeaData:
        data = {
            k: v for k, v in self.cleaned_data.items() if k not in self.MEDIA_FIELDS
        }
        data["goals"] = list(data["goals"])
        if data.get("kind") != IdeaKind.PILOT:
            # Filled in, then the kind changed: a plain idea keeps no pilot text.
            data.update(dict.fromkeys(self.PILOT_FIELDS, ""))
        return IdeaData(**data)

    def uploads(self) -> dict[str, tuple]:
        """The first picture and PDF, as the service takes them."""
        cleaned = self.cleaned_data
        result = {}
        if cleaned.get("image"):
            result["image"] = (cleaned["image"], cleaned["image_alt"])
        if cleaned.get("attachment"):
            result["attachment"] = (cleaned["attachment"], cleaned["attachment_title"])
        return result

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
    unknown value is ignored rather than refused. Choices are read as plain
    (id, name) pairs: no page objects are built just to draw the selects."""

    goal = forms.TypedChoiceField(label=_("Goal"), required=False, coerce=int)
    district = forms.ChoiceField(label=_("District"), required=False)
    challenge = forms.TypedChoiceField(label=_("Challenge"), required=False, coerce=int)
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
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int
    )
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
        for field in self.fields.values():
            field.widget = PlainSelect(choices=field.choices)
        choices = filter_choices(locale)
        self.fields["goal"].choices = [("", _("All goals")), *choices["goals"]]
        self.fields["challenge"].choices = [
            ("", _("All challenges")),
            *choices["challenges"],
        ]
        self.fields["organisation"].choices = [
            ("", _("All organisations")),
            *choices["organisations"],
        ]
        self.fields["district"].choices = [
            # Every idea, wherever it is; or only those for the whole city
            # (no district): two different filters, so two different names.
            ("", _("All districts")),
            ("city", _("Only ideas for the whole city")),
            *choices["districts"],
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


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw the idea?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown to everyone in the idea's timeline and sent to its supporters."
        ),
    )


class CoAuthorForm(forms.Form):
    email = forms.EmailField(
        label=_("The co-author's e-mail address"),
        max_length=254,
        help_text=_("They get a link to accept, valid for 14 days."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Official answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ImageForm(forms.Form):
    upload = forms.FileField(
        label=_("Picture"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    alt_text = forms.CharField(
        label=_("Describe the picture"),
        max_length=250,
        help_text=_("For people who cannot see it."),
    )


class AttachmentForm(forms.Form):
    upload = forms.FileField(
        label=_("PDF file"),
        help_text=_("At most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    title = forms.CharField(label=_("Title of the attachment"), max_length=140)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title", "summary", "description", "kind", "owner_kind", "owner_name",
            "contact", "budget", "starts_on", "ends_on", "status", "progress",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    owners = BoundedModelMultipleChoiceField(
        label=_("Owner staff"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("City staff who may edit the project and report on it."),
    )

    def __init__(self, *args: object, can_set_owners: bool = True, **kwargs: object):
        super().__init__(*args, **kwargs)
        if can_set_owners:
            self.fields["owners"].queryset = User.objects.filter(
                groups__name="City staff", is_active=True
            ).order_by("display_name")
            if self.instance.pk:
                self.initial["owners"] = list(self.instance.owners.all())
        else:
            del self.fields["owners"]

    def clean_progress(self) -> int:
        progress = self.cleaned_data["progress"]
        if progress > 100:
            raise forms.ValidationError(_("Progress is at most 100 %."))
        return progress

    def to_data(self) -> ProjectData:
        data = {k: v for k, v in self.cleaned_data.items() if k != "owners"}
        return ProjectData(**data)

    def owner_list(self) -> list[User] | None:
        """The chosen owners, or None when this form may not set them."""
        if "owners" not in self.fields:
            return None
        return list(self.cleaned_data["owners"])


class PromoteForm(ProjectForm):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the timeline of every idea that becomes the project."),
    )
    merge = forms.CharField(
        label=_("Merge with more accepted ideas (numbers, comma separated)"),
        required=False,
        max_length=200,
    )
    indicator_name = forms.CharField(
        label=_("Indicator"), required=False, max_length=140
    )
    indicator_unit = forms.CharField(label=_("Unit"), required=False, max_length=40)
    indicator_baseline = forms.DecimalField(label=_("Baseline"), required=False)
    indicator_target = forms.DecimalField(label=_("Target"), required=False)

    EXTRA = (
        "owners",
        "reason", "merge", "indicator_name", "indicator_unit", "indicator_baseline",
        "indicator_target",
    )  # fmt: skip

    def clean_merge(self) -> list[Idea]:
        written = [n.strip().lstrip("#") for n in self.cleaned_data["merge"].split(",")]
        numbers = [parse_id(n) for n in written if n]
        if None in numbers:
            raise forms.ValidationError(_("Write idea numbers, e.g. 12, 15."))
        ideas = list(Idea.objects.filter(pk__in=numbers))
        if len(ideas) != len(set(numbers)):
            raise forms.ValidationError(_("One of the numbers is not an idea."))
        return ideas

    def clean(self) -> dict:
        cleaned = super().clean()
        parts = [
            cleaned.get(f"indicator_{n}")
            for n in ("name", "unit", "baseline", "target")
        ]
        if any(p not in (None, "") for p in parts) and any(
            p in (None, "") for p in parts
        ):
            self.add_error(
                "indicator_name",
                _("An indicator needs a name, a unit, a baseline and a target."),
            )
        return cleaned

    def to_data(self) -> ProjectData:
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.EXTRA}
        return ProjectData(**data)

    def indicators(self) -> list[IndicatorData]:
        cleaned = self.cleaned_data
        if not cleaned.get("indicator_name"):
            return []
        return [
            IndicatorData(
                name=cleaned["indicator_name"],
                unit=cleaned["indicator_unit"],
                baseline=cleaned["indicator_baseline"],
                target=cleaned["indicator_target"],
            )
        ]


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=140)
    due_on = forms.DateField(
        label=_("Due"), widget=forms.DateInput(attrs={"type": "date"})
    )
    done_on = forms.DateField(
        label=_("Done"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=140)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)


class IndicatorValueForm(forms.Form):
    indicator = BoundedModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none()
    )
    measured_on = forms.DateField(
        label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)

    def __init__(self, *args: object, project: Project, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = project.indicators.all()


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    narrative = forms.CharField(
        label=_("Follow-up"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: object, project: Project, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.indicator_fields = []
        for indicator in project.indicators.all():
            name = f"indicator_{indicator.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.unit})",
                required=False,
                max_digits=14,
                decimal_places=2,
            )
            self.indicator_fields.append((name, indicator))

    def values(self) -> dict[Indicator, object]:
        return {
            indicator: self.cleaned_data[name]
            for name, indicator in self.indicator_fields
            if self.cleaned_data.get(name) is not None
        }
