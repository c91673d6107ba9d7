from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from ideas import projects
from ideas.models import IdeaStatus, IndicatorValue, Project, StatusChange
from ideas.projects import IndicatorData, ProjectData
from notifications.models import Notification
from notifications.services import follow_add
from tests.ideas.factories import IdeaFactory, StaffFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def project_data(**fields) -> ProjectData:
    values = {
        "title": "Läckagesensorer i vattennätet",
        "summary": "Sensorer i 50 brunnar.",
        "kind": Project.Kind.OPERATIONAL,
        "owner_kind": Project.OwnerKind.COMPANY_BOARD,
        "owner_name": "Stockholm Vatten och Avfall",
        "contact": "projekt@example.org",
        "starts_on": date(2026, 3, 1),
    }
    return ProjectData(**(values | fields))


LEAKS = IndicatorData(
    name="Läckor hittade", unit="st", baseline=Decimal(0), target=Decimal(40)
)


def test_a_moderator_promotes_two_merged_ideas_with_an_indicator(
    moderator, goals, django_capture_on_commit_callbacks
):
    first = IdeaFactory(goals=[goals[0]], status=IdeaStatus.ACCEPTED)
    second = IdeaFactory(goals=[goals[1]], status=IdeaStatus.ACCEPTED)
    fan = VerifiedUserFactory()
    follow_add(actor=fan, target=first)
    with django_capture_on_commit_callbacks(execute=True):
        project = projects.project_promote(
            actor=moderator,
            ideas=[first, second],
            data=project_data(),
            reason="Två idéer blir ett projekt.",
            indicators=[LEAKS],
        )
    assert set(project.origin_ideas.all()) == {first, second}
    assert set(project.goals.all()) == set(goals)
    assert project.indicators.get().name == "Läckor hittade"
    for idea in (first, second):
        idea.refresh_from_db()
        assert idea.status == IdeaStatus.PROJECT
    assert StatusChange.objects.filter(new_status="project").count() == 2
    (note,) = Notification.objects.all()
    assert note.recipient == fan and note.url == project.get_absolute_url()


def test_only_accepted_ideas_and_only_moderators(moderator, staff, goals):
    submitted = IdeaFactory(goals=goals)
    with pytest.raises(ValidationError):
        projects.project_promote(
            actor=moderator, ideas=[submitted], data=project_data(), reason="R"
        )
    accepted = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    with pytest.raises(PermissionDenied):
        projects.project_promote(
            actor=staff, ideas=[accepted], data=project_data(), reason="R"
        )
    assert not Project.objects.exists()


def test_owner_staff_follow_up_and_others_cannot(moderator, staff, goals):
    idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    project = projects.project_promote(
        actor=moderator,
        ideas=[idea],
        data=project_data(),
        reason="R",
        indicators=[LEAKS],
        owners=[staff],
    )
    indicator = project.indicators.get()
    report = projects.report_add(
        actor=staff,
        project=project,
        year=2026,
        narrative="Ett bra första år.",
        values={indicator: Decimal(12)},
    )
    value = IndicatorValue.objects.get()
    assert (value.measured_on, value.value, value.report) == (
        date(2026, 12, 31),
        Decimal(12),
        report,
    )
    with pytest.raises(ValidationError):
        projects.report_add(actor=staff, project=project, year=2026, narrative="Igen")
    other_staff = StaffFactory()
    with pytest.raises(PermissionDenied):
        projects.milestone_add(
            actor=other_staff,
            project=project,
            title="X",
            due_on=date(2026, 6, 1),
            done_on=None,
        )


def test_the_project_page_shows_origin_chart_and_table(
    client, moderator, goals, django_assert_max_num_queries
):
    idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    project = projects.project_promote(
        actor=moderator,
        ideas=[idea],
        data=project_data(),
        reason="R",
        indicators=[LEAKS],
    )
    indicator = project.indicators.get()
    for month, value in ((4, 3), (8, 9), (12, 14)):
        projects.indicator_value_set(
            actor=moderator,
            indicator=indicator,
            measured_on=date(2026, month, 1),
            value=Decimal(value),
        )
    with django_assert_max_num_queries(40):
        page = client.get(project.get_absolute_url()).content.decode()
    assert idea.get_absolute_url() in page
    assert "<polyline" in page and 'role="img"' in page
    # Read without the table: the value axis, the time axis, the target line,
    # the legend and a sentence that says where the indicator stands.
    assert "Senast uppmätt värde: 14\u00a0st den 1 december 2026." in page
    assert "Det är 35 % av vägen från utgångsläget." in page
    assert ">Målvärde 40\u00a0st</text>" in page
    assert ">Utgångsläge 0\u00a0st</text>" in page
    assert ">april 2026</text>" in page and ">december 2026</text>" in page
    assert [f">{n}</text>" in page for n in (0, 10, 20, 30, 40)] == [True] * 5
    assert "14\u00a0st</td>" in page
    assert "14,00" not in page
    idea_page = client.get(idea.get_absolute_url()).content.decode()
    assert project.get_absolute_url() in idea_page


def test_chart_axes_step_by_round_numbers_and_keep_zero_in_view():
    from ideas.charts import nice_steps

    assert nice_steps(Decimal(0), Decimal(40)) == [0, 10, 20, 30, 40]
    assert nice_steps(Decimal(20), Decimal(142)) == [0, 50, 100, 150]
    assert nice_steps(Decimal("0.8"), Decimal("0.95")) == [
        Decimal("0.80"),
        Decimal("0.85"),
        Decimal("0.90"),
        Decimal("0.95"),
    ]
    assert nice_steps(Decimal(-5), Decimal(5)) == [-5, 0, 5]
    # One value only: an axis around it, not a division by zero.
    assert nice_steps(Decimal(7), Decimal(7)) == [6, 8]


def test_promoting_through_the_form(client, moderator, goals):
    idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    client.force_login(moderator)
    assert client.get(sv("ideas:promote", idea.pk)).status_code == 200
    response = client.post(
        sv("ideas:promote", idea.pk),
        {
            "title": "Sensorprojektet",
            "summary": "Sammanfattning",
            "kind": "operational",
            "owner_kind": "committee",
            "owner_name": "Miljö- och hälsoskyddsnämnden",
            "contact": "kontakt@example.org",
            "starts_on": "2026-04-01",
            "status": "planned",
            "progress": "0",
            "reason": "Blir projekt.",
            "indicator_name": "Sensorer",
            "indicator_unit": "st",
            "indicator_baseline": "0",
            "indicator_target": "50",
        },
    )
    project = Project.objects.get()
    assert response["Location"] == project.get_absolute_url()
    assert project.indicators.count() == 1


def test_residents_cannot_open_the_promote_page(client, resident, goals):
    idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    client.force_login(resident)
    assert client.get(sv("ideas:promote", idea.pk)).status_code == 403


def test_the_follow_up_page_records_a_report_and_explains_errors(
    client, moderator, goals
):
    idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    project = projects.project_promote(
        actor=moderator,
        ideas=[idea],
        data=project_data(),
        reason="R",
        indicators=[LEAKS],
    )
    indicator = project.indicators.get()
    client.force_login(moderator)
    url = sv("ideas:project_follow_up", project.pk)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "action": "report",
            "year": "2026",
            "narrative": "Året gick bra.",
            f"indicator_{indicator.pk}": "7",
        },
    )
    assert response.status_code == 302
    assert project.reports.get().year == 2026
    again = client.post(
        url, {"action": "report", "year": "2026", "narrative": "Dubbel."}
    )
    assert again.status_code == 400
    assert project.reports.count() == 1


def test_only_moderators_choose_owner_staff(client, moderator, staff, goals):
    idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    project = projects.project_promote(
        actor=moderator, ideas=[idea], data=project_data(), reason="R", owners=[staff]
    )
    with pytest.raises(PermissionDenied):
        projects.project_update(
            actor=staff, project=project, data=project_data(), owners=[]
        )
    projects.project_update(
        actor=staff, project=project, data=project_data(progress=50)
    )
    project.refresh_from_db()
    assert project.progress == 50 and list(project.owners.all()) == [staff]
    client.force_login(staff)
    form = client.get(sv("ideas:project_edit", project.pk)).content.decode()
    assert 'name="owners"' not in form
    client.force_login(moderator)
    form = client.get(sv("ideas:project_edit", project.pk)).content.decode()
    assert 'name="owners"' in form


def test_staff_who_promote_create_the_strategys_own_priority_projects(
    moderator, goals, resident
):
    data = project_data()
    with pytest.raises(PermissionDenied):
        projects.project_create(actor=resident, data=data, goals=goals)
    with pytest.raises(ValidationError) as error:
        projects.project_create(actor=moderator, data=data, goals=[])
    assert "goals" in error.value.message_dict
    project = projects.project_create(
        actor=moderator, data=data, goals=goals, indicators=[LEAKS]
    )
    assert set(project.goals.all()) == set(goals)
    assert not project.origin_ideas.exists()
    assert project.indicators.get().name == LEAKS.name
    from accounts.models import AuditLogEntry

    assert AuditLogEntry.objects.filter(action="project.created").count() == 1


def test_a_goal_pages_indicators_cost_the_same_queries_however_many(
    client, moderator, goals, django_assert_max_num_queries
):
    def add_project(n: int) -> None:
        project = projects.project_create(
            actor=moderator,
            data=project_data(),
            goals=goals,
            indicators=[
                IndicatorData(
                    name=f"Mått {n}",
                    unit="st",
                    baseline=Decimal(0),
                    target=Decimal(10),
                    goal=goals[0],
                )
            ],
        )
        projects.indicator_value_set(
            actor=moderator,
            indicator=project.indicators.get(),
            measured_on=date(2026, 5, 1),
            value=Decimal(n),
        )

    add_project(1)
    client.get(goals[0].url)
    with django_assert_max_num_queries(60) as few:
        assert "Mått 1" in client.get(goals[0].url).content.decode()
    for n in range(2, 7):
        add_project(n)
    with django_assert_max_num_queries(len(few)):
        assert "Mått 6" in client.get(goals[0].url).content.decode()
