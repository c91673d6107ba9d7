from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self) -> None:
        from ideas import rules  # noqa: F401 - registers the permissions
        from ideas.models import IdeaStatus, Project
        from ideas.page_sections import register_page_sections
        from ideas.privacy_parts import register_idea_parts
        from ideas.selectors import register_goal_versions
        from ideas.streams import register_streams
        from notifications.messages import register_labels

        register_idea_parts()
        register_goal_versions()
        register_page_sections()
        register_streams()
        # Status notifications name the status in the reader's language.
        register_labels("status", IdeaStatus)
        register_labels("project_status", Project.Status)
