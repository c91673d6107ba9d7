from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """The live layer at the base of the platform: the event log, the /ws/
    endpoint, its HTTP fallback and the registry of stream kinds that the apps
    above fill in (live.streams)."""

    name = "live"
    verbose_name = _("Live events")

    def ready(self) -> None:
        from live.privacy_parts import register_live_parts
        from live.streams import register_user_stream

        register_user_stream()
        register_live_parts()
