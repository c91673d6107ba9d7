"""The Wagtail home's panels for city staff: what waits for them, each number
a link to its filtered list. Shown only to those who may open that list."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from wagtail.admin.ui.components import Component

from backoffice import selectors


class WaitingWorkPanel(Component):
    """Waiting ideas by age, open reports, organisations to verify and
    follow-up reports missing this year."""

    template_name = "backoffice/panels/waiting_work.html"
    order = 50

    def __init__(self, request) -> None:
        self.request = request

    def get_context_data(self, parent_context: Mapping[str, Any]) -> dict[str, Any]:
        user = self.request.user
        return {
            "figures": selectors.dashboard(),
            "target_days": settings.ANSWER_TARGET_DAYS,
            "may_triage": user.has_perm("ideas.triage_idea"),
            "may_moderate": user.has_perm("ideas.moderate_idea"),
            "may_verify": user.has_perm("accounts.review_organisations"),
        }


class AnswerTimesPanel(Component):
    template_name = "backoffice/panels/answer_times.html"
    order = 60

    def get_context_data(self, parent_context: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "units": selectors.answer_times(),
            "target_days": settings.ANSWER_TARGET_DAYS,
            "window_days": selectors.ANSWER_WINDOW_DAYS,
        }


def dashboard_panels(request) -> list[Component]:
    if not request.user.has_perm("ideas.triage_idea"):
        return []
    return [WaitingWorkPanel(request), AnswerTimesPanel()]
