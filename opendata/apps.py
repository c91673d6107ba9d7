from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from live.events import register_event_listener
        from opendata import rules  # noqa: F401 - registers the permissions
        from opendata.webhooks import deliveries_for

        register_event_listener(deliveries_for)
