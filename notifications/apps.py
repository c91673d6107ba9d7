from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from notifications import rules  # noqa: F401 - registers the permissions
        from notifications.privacy_parts import register_notification_parts

        register_notification_parts()
