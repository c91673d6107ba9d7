from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ideas.models import Indicator, IndicatorValue, Milestone, Project
from notifications.models import Notification, NotificationKind
from tests.backoffice.factories import ProjectFactory
from tests.ideas.factories import IdeaFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return ProjectFactory()


def post(client, project, action, data=None, **fields):
    return client.post(
        reverse("backoffice_projects:edit", args=[project.pk]),
        {"action": action, **(data or {}), **fields},
    )


def test_milestones_are_added_edited_completed_reordered_and_deleted(
    moderator_client, project
):
    for n, due in ((1, "2026-03-01"), (2, "2026-06-01"), (3, "2026-09-01")):
        post(moderator_client, project, "milestone-add",
             {"new_m-title": f"Steg {n}", "new_m-due_on": due})  # fmt: skip
    first, second, third = Milestone.objects.filter(project=project)
    assert (
        post(moderator_client, project, "milestone-down", id=first.pk).status_code
        == 302
    )
    assert [m.title for m in project.milestones.all()] == ["Steg 2", "Steg 1", "Steg 3"]
    post(moderator_client, project, "milestone-save", id=third.pk, **{
        f"m{third.pk}-title": "Utvärdering", f"m{third.pk}-due_on": "2026-10-01",
        f"m{third.pk}-done_on": "2026-10-05",
    })  # fmt: skip
    third.refresh_from_db()
    assert (third.title, third.done_on) == ("Utvärdering", date(2026, 10, 5))
    post(moderator_client, project, "milestone-complete", id=second.pk)
    assert Milestone.objects.get(pk=second.pk).done_on is not None
    post(moderator_client, project, "milestone-delete", id=first.pk)
    assert not Milestone.objects.filter(pk=first.pk).exists()


def test_a_refused_milestone_keeps_what_was_typed(moderator_client, project):
    typed = {"new_m-title": "Pilot i Kista", "new_m-due_on": "31/31/2026"}
    response = post(moderator_client, project, "milestone-add", typed)
    assert response.status_code == 400
    assert "Pilot i Kista" in response.content.decode()
    assert not project.milestones.exists()


def test_indicators_and_their_values_are_edited_in_full(
    moderator_client, project, goals
):
    post(moderator_client, project, "indicator-add", {
        "new_i-name": "Läckor hittade", "new_i-unit": "st", "new_i-baseline": "0",
        "new_i-target": "40", "new_i-direction": "increase", "new_i-goal": goals[0].pk,
    })  # fmt: skip
    indicator = Indicator.objects.get(project=project)
    assert indicator.goal == goals[0]
    for day, value in (("2026-01-31", "4"), ("2026-02-28", "9")):
        post(moderator_client, project, "value-add", id=indicator.pk, **{
            f"nv{indicator.pk}-measured_on": day, f"nv{indicator.pk}-value": value,
            f"nv{indicator.pk}-source": "Driftdata",
        })  # fmt: skip
    january, february = IndicatorValue.objects.filter(indicator=indicator)
    assert (february.value, february.source) == (Decimal(9), "Driftdata")
    response = post(moderator_client, project, "value-save", id=january.pk, **{
        f"v{january.pk}-measured_on": "2026-02-28", f"v{january.pk}-value": "5",
    })  # fmt: skip
    assert response.status_code == 400  # that day has a value already
    post(moderator_client, project, "value-save", id=january.pk, **{
        f"v{january.pk}-measured_on": "2026-01-30", f"v{january.pk}-value": "5",
    })  # fmt: skip
    january.refresh_from_db()
    assert (january.measured_on, january.value) == (date(2026, 1, 30), Decimal(5))
    post(moderator_client, project, "value-delete", id=february.pk)
    post(moderator_client, project, "indicator-save", id=indicator.pk, **{
        f"i{indicator.pk}-name": "Läckor", f"i{indicator.pk}-unit": "st",
        f"i{indicator.pk}-baseline": "0", f"i{indicator.pk}-target": "30",
        f"i{indicator.pk}-direction": "decrease", f"i{indicator.pk}-goal": "",
    })  # fmt: skip
    indicator.refresh_from_db()
    assert (indicator.name, indicator.direction, indicator.goal) == (
        "Läckor",
        "decrease",
        None,
    )
    assert list(indicator.values.values_list("value", flat=True)) == [Decimal(5)]
    post(moderator_client, project, "indicator-delete", id=indicator.pk)
    assert not IndicatorValue.objects.exists()


def test_the_goal_page_shows_the_indicators_linked_to_it(
    moderator_client, project, goals, client
):
    indicator = Indicator.objects.create(
        project=project, name="Uppkopplade brunnar", unit="st", baseline=0,
        target=50, goal=goals[1],
    )  # fmt: skip
    IndicatorValue.objects.create(
        indicator=indicator, measured_on=date(2026, 5, 1), value=12
    )
    html = client.get(goals[1].url).content.decode()
    assert "Uppkopplade brunnar" in html


def test_details_and_links_are_saved_through_the_services(
    moderator_client, project, goals
):
    idea = IdeaFactory()
    data = {
        "title": "Smarta lås i hemtjänsten", "summary": "Digitala lås.",
        "description": "", "kind": Project.Kind.PREREQUISITE,
        "owner_kind": Project.OwnerKind.DISTRICT_COMMITTEE,
        "owner_name": "Spånga-Tensta stadsdelsnämnd", "contact": "a@example.org",
        "budget": "", "starts_on": "2026-01-01", "ends_on": "", "status": "running",
        "progress": "20",
    }  # fmt: skip
    assert post(moderator_client, project, "details", data).status_code == 302
    post(moderator_client, project, "links", {"links_goals": [goals[0].pk],
         "goals": [goals[0].pk], "add_idea": idea.pk})  # fmt: skip
    project.refresh_from_db()
    assert project.owner_name == "Spånga-Tensta stadsdelsnämnd"
    assert project.kind == Project.Kind.PREREQUISITE
    assert list(project.goals.all()) == [goals[0]]
    assert list(project.origin_ideas.all()) == [idea]


def test_city_staff_owners_edit_but_do_not_relink_ideas(client, goals):
    owner = StaffFactory()
    project = ProjectFactory(owners=[owner])
    client.force_login(owner)
    response = post(client, project, "links", {"add_idea": IdeaFactory().pk})
    assert response.status_code == 400
    assert not project.origin_ideas.exists()


def test_the_follow_up_overview_names_who_has_not_reported_and_reminds_them(
    moderator_client, django_capture_on_commit_callbacks
):
    owner = StaffFactory()
    missing = ProjectFactory(owners=[owner], title="Har inte rapporterat")
    done = ProjectFactory(title="Har rapporterat")
    done.reports.create(year=2026, narrative="Klart.", narrative_html="<p>Klart.</p>")
    ProjectFactory(status=Project.Status.PLANNED, title="Planerat")
    response = moderator_client.get(reverse("backoffice_reports:index") + "?year=2026")
    assert response.context["missing"] == [missing]
    assert response.context["reported"] == [done]
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(reverse("backoffice_reports:remind"), {"year": "2026"})
    notice = Notification.objects.get(recipient=owner, kind=NotificationKind.REPORT_DUE)
    assert notice.params == {
        "title": "Har inte rapporterat",
        "year": 2026,
        "project_id": missing.pk,
    }
