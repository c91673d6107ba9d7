from django.apps import AppConfig


class CommonConfig(AppConfig):
    """What every app shares; here, the data version's watch on every
    database connection (common.data_version) and the process's copy of the
    site's locales (common.locales)."""

    name = "common"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from common import locales
        from common.data_version import install

        connection_created.connect(install, dispatch_uid="common.data_version")
        locales.connect()
