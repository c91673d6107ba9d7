from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from live.streams import register_stream_events
        from notifications import rules  # noqa: F401 - registers the permissions
        from notifications.privacy_parts import register_notification_parts

        register_notification_parts()
        # Each person's badge updates live on their own stream.
        register_stream_events("user", {"notification.created"})
