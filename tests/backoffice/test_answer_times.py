from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice import selectors
from ideas import workflow
from ideas.models import IdeaStatus
from tests.backoffice.factories import FlagFactory, ProjectFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def ago(days: float):
    return timezone.now() - timedelta(days=days)


def answered(days_to_answer: int, unit: str, answered_days_ago: int = 5):
    published = ago(answered_days_ago + days_to_answer)
    return IdeaFactory(
        published_at=published,
        first_answered_at=published + timedelta(days=days_to_answer),
        answered_by_unit=unit,
    )


def test_percentile_is_the_nearest_rank():
    values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert selectors.percentile(values, 0.5) == 5.0
    assert selectors.percentile(values, 0.9) == 9.0
    assert selectors.percentile([], 0.5) is None


def test_each_unit_gets_its_waiting_ideas_and_its_answer_times():
    for days in (2, 4, 6, 8, 40):
        answered(days, "Trafikkontoret")
    answered(10, "Miljöförvaltningen")
    answered(3, "Trafikkontoret", answered_days_ago=200)  # outside the 90 days
    old = IdeaFactory(published_at=ago(45), assigned_unit="Trafikkontoret")
    IdeaFactory(published_at=ago(3), assigned_unit="Trafikkontoret")
    IdeaFactory(published_at=ago(1))
    units = {u.unit: u for u in selectors.answer_times()}
    traffic = units["Trafikkontoret"]
    assert (traffic.waiting, traffic.past_target, traffic.oldest_waiting) == (2, 1, old)
    assert (traffic.answered, traffic.median_days, traffic.p90_days) == (5, 6.0, 40.0)
    assert units["Miljöförvaltningen"].median_days == 10.0
    assert units[""].waiting == 1


def test_the_first_answer_is_kept_when_the_answer_is_replaced(moderator):
    idea = IdeaFactory(published_at=ago(10))
    workflow.idea_answer(actor=moderator, idea=idea, text="Första svaret.")
    first = type(idea).objects.get(pk=idea.pk).first_answered_at
    workflow.idea_answer(actor=moderator, idea=idea, text="Nytt svar.")
    assert type(idea).objects.get(pk=idea.pk).first_answered_at == first


def test_a_decision_answers_but_under_review_does_not(moderator):
    reviewed, accepted = IdeaFactory(), IdeaFactory()
    workflow.idea_status_change(
        actor=moderator,
        idea=reviewed,
        status=IdeaStatus.UNDER_REVIEW,
        reason="Vi utreder.",
    )
    workflow.idea_status_change(
        actor=moderator, idea=accepted, status=IdeaStatus.ACCEPTED, reason="Bra idé."
    )
    reviewed.refresh_from_db()
    accepted.refresh_from_db()
    assert reviewed.first_answered_at is None
    assert accepted.first_answered_at is not None


def test_the_dashboard_links_each_number_to_its_list(moderator_client):
    IdeaFactory(published_at=ago(40))
    IdeaFactory(published_at=ago(2))
    FlagFactory()
    ProjectFactory(starts_on=ago(400).date())
    response = moderator_client.get(reverse("wagtailadmin_home"))
    html = response.content.decode()
    figures = selectors.dashboard()
    assert (figures.waiting, figures.past_target, figures.open_idea_reports) == (
        3,
        1,
        1,
    )
    assert figures.reports_missing == 1
    assert figures.waiting_by_age == [(7, 1), (30, 1), (90, 0)]
    for link in (
        reverse("backoffice_ideas:index") + "?waiting=on&amp;age=30",
        reverse("backoffice_moderation:index"),
        reverse("backoffice_organisations:index"),
        reverse("backoffice_reports:index") + f"?year={figures.year}",
    ):
        assert link in html, link


def test_the_answer_times_page_lists_units(moderator_client):
    answered(4, "Trafikkontoret")
    response = moderator_client.get(reverse("backoffice_answer_times:index"))
    assert "Trafikkontoret" in response.content.decode()
