"""The audit log in the Wagtail admin: moderators read and filter it; nobody edits."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from accounts.models import AuditLogEntry, User
from accounts.rules import is_moderator


class ReadOnlyForModeratorsPolicy(BasePermissionPolicy):
    def user_has_permission(self, user: AbstractBaseUser, action: str) -> bool:
        return action == "view" and bool(is_moderator(user))

    def users_with_any_permission(self, actions: list[str]) -> QuerySet[User]:
        if "view" not in actions:
            return User.objects.none()
        moderators = User.objects.filter(groups__name="Moderators")
        return (moderators | User.objects.filter(is_superuser=True)).distinct()


class AuditLogViewSet(ModelViewSet):
    model = AuditLogEntry
    icon = "history"
    menu_label = _("Audit log")
    add_to_admin_menu = True
    url_prefix = "audit-log"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["at", "action", "actor", "target"]
    list_filter = ["action"]
    form_fields = ["action"]  # required by ModelViewSet; editing is never allowed
