from wagtail import hooks

from backoffice.choosers import idea_chooser_viewset
from backoffice.panels import dashboard_panels
from backoffice.viewsets import IdestadGroup


@hooks.register("register_admin_viewset")
def register_back_office() -> IdestadGroup:
    return IdestadGroup()


@hooks.register("register_admin_viewset")
def register_idea_chooser():
    return idea_chooser_viewset


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels: list) -> None:
    panels[:0] = dashboard_panels(request)
