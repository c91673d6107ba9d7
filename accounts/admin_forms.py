"""Wagtail admin user forms that also ask for the public display name and,
for staff, the unit (shown with their official answers)."""

from wagtail.users.forms import UserCreationForm, UserEditForm


class IdestadUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"display_name", "unit"}


class IdestadUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"display_name", "unit"}
