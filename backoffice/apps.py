from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackOfficeConfig(AppConfig):
    """The city's back office in the Wagtail admin: one "Idéstad" menu with
    triage, moderation and verification, and the dashboard's panels. It sits
    at the top of the layers: it reads and acts through the apps' selectors
    and services, and owns no models."""

    name = "backoffice"
    verbose_name = _("Back office")
