from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackOfficeConfig(AppConfig):
    """The city's back office in the Wagtail admin: one "Idéstad" menu with
    triage, moderation and verification, and the dashboard's panels. It sits
    at the top of the layers: it reads and acts through the apps' selectors
    and services. Its one table, a tally behind the triage's counts, is kept by
    database triggers (backoffice.models.IdeaTally)."""

    name = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from backoffice.signals import idea_saved, tally_repaired
        from ideas.models import Idea

        post_save.connect(idea_saved, sender=Idea, dispatch_uid="backoffice.idea")
        post_delete.connect(idea_saved, sender=Idea, dispatch_uid="backoffice.idea-")
        post_migrate.connect(tally_repaired, dispatch_uid="backoffice.tally")
