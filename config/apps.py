from django.apps import AppConfig


class PlatformConfig(AppConfig):
    """Holds the platform's own management commands (translations, checks)."""

    name = "config"
    label = "platform"
    verbose_name = "Idéstad platform"
