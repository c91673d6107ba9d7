from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "idestad_search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search import (
            signals,  # noqa: F401 - connects the receivers
            substring,
        )

        substring.connect()
        # The idea form's review step asks search for similar ideas.
        from ideas.similar import register_similar_ideas_finder
        from search.selectors import similar_ideas

        register_similar_ideas_finder(similar_ideas)
        # A support's statement copies the count into the idea's entry.
        from ideas.supports import copy_support_count
        from search.indexing import support_count_copy

        copy_support_count(support_count_copy)
