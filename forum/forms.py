import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.models import Post
from ideas.models import FlagReason


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 5, "data-mention": ""}),
        # The service gives the clear message; the browser is not asked to cut.
        max_length=Post.MAX_LENGTH,
        help_text=_("Markdown works. Mention someone with @ and their name."),
        error_messages={
            "max_length": _(
                "A post can be at most %(limit_value)d characters; "
                "this is %(show_value)d."
            )
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    official = forms.BooleanField(
        label=_("Official answer from the city"), required=False
    )

    def __init__(
        self, *args: object, may_answer: bool = False, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        if not may_answer:
            del self.fields["official"]

    def offer_official(self) -> None:
        """Show the official-answer box (again, on a refused post by staff)."""
        if "official" not in self.fields:
            self.fields["official"] = copy.deepcopy(self.base_fields["official"])


class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    body = PostForm.base_fields["body"]
    # What the thread is about, as "idea.42" (set by the link that started it).
    about = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Text")


class EditForm(forms.Form):
    body = PostForm.base_fields["body"]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=FlagReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("More about it (needed for “Other”)"), required=False, max_length=500
    )


class PostModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", "hide"), ("restore", "restore"), ("dismiss", "dismiss")]
    )
    reason = forms.CharField(label=_("Public reason"), required=False, max_length=300)


class SuspendForm(forms.Form):
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=365, initial=7)
    reason = forms.CharField(label=_("Reason"), max_length=300)
