from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User, district_model
from accounts.signals import signed_up
from accounts.validators import normalise_org_number
from common.forms import BoundedModelChoiceField
from common.reports import FlagReason


def clean_display_name(value: str) -> str:
    """Collapse white space; a name needs at least two visible characters."""
    name = " ".join(value.split())
    if len(name) < 2:
        raise forms.ValidationError(_("Write at least two characters."))
    return name


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks beyond e-mail and password."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_(
            "Shown publicly next to everything you write. A first name is fine."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    own_email = forms.ChoiceField(
        label=_("E-mail about your ideas, supports and replies"),
        help_text=_(
            "When the city answers or decides on an idea you wrote, support or "
            "follow, or someone replies to you. You can change this at any time "
            "in your notification settings."
        ),
        choices=[
            ("digest", _("One e-mail a day with what happened")),
            ("email", _("Right away")),
            ("in_app", _("Off: only here on the site")),
        ],
        initial="digest",
        widget=forms.RadioSelect,
        required=False,  # not answered: the default, the digest
    )

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request: HttpRequest, user: User) -> None:
        """allauth calls this after saving the user; AccountAdapter.save_user has
        already copied the display name, in the same save. The e-mail choice is
        the notifications app's to keep (notifications/signals.py)."""
        own_email = self.cleaned_data.get("own_email") or "digest"
        signed_up.send(User, user=user, own_email=own_email)


class ProfileForm(forms.ModelForm):
    district = BoundedModelChoiceField(
        label=_("District"),
        queryset=district_model().objects.all(),
        required=False,
        empty_label=_("The whole city"),
    )

    class Meta:
        model = User
        fields = ["display_name", "district", "preferred_language"]
        labels = {
            "display_name": _("Display name"),
            "preferred_language": _("Language for e-mail and notifications"),
        }

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])


class AccountDeleteForm(forms.Form):
    KEEP, DELETE = "keep", "delete"
    contributions = forms.ChoiceField(
        label=_("Your public ideas and comments"),
        choices=[
            (KEEP, _("Keep them, shown as written by a former participant")),
            (DELETE, _("Delete them")),
        ],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account cannot be restored."),
    )

    @property
    def keep_contributions(self) -> bool:
        return self.cleaned_data["contributions"] == self.KEEP


class OrganisationForm(forms.ModelForm):
    # An address typed without a scheme is taken as https.
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "org_number", "website", "description"]
        labels = {
            "name": _("Name"),
            "kind": _("Kind of organisation"),
            "org_number": _("Organisation number"),
            "website": _("Website"),
            "description": _("Description"),
        }
        help_texts = {
            "org_number": _("Ten digits, e.g. 556036-0793. Give this or a website."),
        }

    def clean_org_number(self) -> str:
        value = self.cleaned_data["org_number"]
        return normalise_org_number(value) if value else ""

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get("org_number") and not cleaned.get("website"):
            if "org_number" not in self.errors:
                self.add_error(
                    "org_number",
                    _(
                        "Give an organisation number or a website, so moderators "
                        "can check the organisation."
                    ),
                )
        return cleaned


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person to invite"))


def image_input() -> forms.ClearableFileInput:
    return forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})


class ImageOrRemoveForm(forms.Form):
    """A new picture, or a tick to remove the current one: one of the two."""

    image_field = ""
    missing_message = ""

    def clean(self) -> dict:
        cleaned = super().clean()
        if not cleaned.get(self.image_field) and not cleaned.get("remove"):
            raise forms.ValidationError(self.missing_message)
        return cleaned


class AvatarForm(ImageOrRemoveForm):
    image_field = "avatar"
    missing_message = _("Choose a picture, or tick remove.")
    avatar = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 2 MB. It is shown next to your name."),
        widget=image_input(),
    )
    remove = forms.BooleanField(label=_("Remove my picture"), required=False)


class LogoForm(ImageOrRemoveForm):
    image_field = "logo"
    missing_message = _("Choose a logo, or tick remove.")
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 2 MB."),
        widget=image_input(),
    )
    remove = forms.BooleanField(label=_("Remove the logo"), required=False)


class AssistedRegistrationForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=60,
        help_text=_("Shown publicly. Ask the person what they want to be called."),
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        help_text=_(
            "If the person has one, the take-over link is also sent there. "
            "Without it, they use the printed code."
        ),
    )
    district = BoundedModelChoiceField(
        label=_("District"),
        queryset=district_model().objects.all(),
        required=False,
        empty_label=_("The whole city"),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for e-mail and notifications"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
    )
    place = forms.CharField(
        label=_("Where are you registering the person?"),
        max_length=120,
        help_text=_("The library or service centre, e.g. Kista bibliotek."),
    )
    consent = forms.BooleanField(
        label=_(
            "The person has asked for an account, knows that their display name "
            "and contributions will be public, and agrees that I register them."
        ),
        error_messages={
            "required": _(
                "The person's consent is required before an account is created."
            )
        },
    )

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])


class TakeOverForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        help_text=_("Twelve letters and digits, as on your paper or in the e-mail."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    from_link = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class OrganisationFlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("More about it (needed for “Other”)"), required=False, max_length=500
    )
