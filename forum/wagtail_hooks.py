"""Forum categories are managed by editors in the Wagtail admin."""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forum.models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = "Forum"
    add_to_admin_menu = True
    list_display = ["name_sv", "name_en", "slug", "position"]
    panels = [
        FieldPanel("name_sv"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description_sv"),
        FieldPanel("description_en"),
        FieldPanel("position"),
    ]


register_snippet(CategoryViewSet)
