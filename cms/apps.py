from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Strategy and pages")

    def ready(self) -> None:
        from cms.streams import register_streams

        register_streams()
        from cms import navigation

        navigation.connect()
        from cms import sites

        sites.install()
