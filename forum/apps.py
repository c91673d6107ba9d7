from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Discussion")

    def ready(self) -> None:
        from forum.streams import register_streams

        register_streams()
        from forum import rules  # noqa: F401 - registers the permissions
        from forum.privacy_parts import register_forum_parts

        register_forum_parts()
        from forum.pagination import count_moves_on
        from live.events import register_event_listener

        register_event_listener(count_moves_on)
