from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts.organisations import organisation_decided
        from accounts.signals import signed_up
        from live.streams import register_stream_events
        from notifications import rules  # noqa: F401 - registers the permissions
        from notifications.privacy_parts import register_notification_parts
        from notifications.signals import (
            keep_own_email_choice,
            tell_organisation_admins,
        )

        register_notification_parts()
        organisation_decided.connect(
            tell_organisation_admins, dispatch_uid="notifications.organisation"
        )
        signed_up.connect(keep_own_email_choice, dispatch_uid="notifications.signup")
        # Each person's badge updates live on their own stream.
        register_stream_events("user", {"notification.created"})
