"""The strategy's yearly follow-up in public, /sv/uppfoljning/<year>/: every
project that ran that year, grouped by goal, with owner, kind, progress,
milestones, indicators against baseline and target and the annual report, and
the projects that have not reported."""

from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone, translation

from ideas import projects
from ideas.models import Project
from tests.backoffice.factories import ProjectFactory
from tests.ideas.test_projects import LEAKS, project_data

pytestmark = pytest.mark.django_db


def sv(name: str, **kwargs: object) -> str:
    with translation.override("sv"):
        return reverse(name, kwargs=kwargs)


def test_addresses_are_translated():
    assert sv("opendata:follow_up", year=2026) == "/sv/uppfoljning/2026/"
    with translation.override("en"):
        assert reverse("opendata:follow_up", kwargs={"year": 2026}) == (
            "/en/follow-up/2026/"
        )


@pytest.fixture
def followed_up(moderator, goals):
    """Three projects in 2026: one reported with values, one under two goals
    that has not reported, and one in no goal; plus one that ended in 2024."""
    sensors = projects.project_create(
        actor=moderator,
        data=project_data(title="Läckagesensorer", owner_name="Stockholm Vatten"),
        goals=[goals[0]],
        indicators=[LEAKS],
    )
    leaks = sensors.indicators.get()
    projects.milestone_add(
        actor=moderator,
        project=sensors,
        title="Sensorer i 25 brunnar",
        due_on=date(2026, 6, 1),
        done_on=date(2026, 5, 20),
    )
    projects.milestone_add(
        actor=moderator,
        project=sensors,
        title="Upphandling",
        due_on=date(2025, 6, 1),
        done_on=date(2025, 6, 1),
    )
    projects.indicator_value_set(
        actor=moderator, indicator=leaks, measured_on=date(2026, 9, 1), value=10
    )
    projects.indicator_value_set(
        actor=moderator, indicator=leaks, measured_on=date(2027, 2, 1), value=39
    )
    projects.report_add(
        actor=moderator,
        project=sensors,
        year=2026,
        narrative="Vi har hittat **tio** läckor.",
    )
    wifi = projects.project_create(
        actor=moderator,
        data=project_data(
            title="Öppet wifi i parker", kind="prerequisite", owner_name="Stokab"
        ),
        goals=goals,
    )
    Project.objects.filter(pk=wifi.pk).update(status=Project.Status.RUNNING)
    ProjectFactory(
        title="Planerad app", status=Project.Status.PLANNED, starts_on=date(2026, 11, 1)
    )
    loose = ProjectFactory(title="Digital skylt", starts_on=date(2026, 1, 1))
    old = ProjectFactory(
        title="Gammal pilot", starts_on=date(2023, 1, 1), ends_on=date(2024, 12, 1)
    )
    return sensors, wifi, loose, old


def test_the_year_grouped_by_goal_with_reports_and_standing(client, followed_up):
    sensors, wifi, loose, old = followed_up
    page = BeautifulSoup(
        client.get(sv("opendata:follow_up", year=2026)).content, "html.parser"
    )
    text = page.get_text(" ", strip=True)
    assert "1 av 3 projekt har rapporterat för 2026." in text
    headings = [h.get_text(" ", strip=True) for h in page.select("main h2")]
    assert headings == [
        "Ännu inte rapporterat för 2026",
        "Smart stad för invånarna",
        "Hållbar stad",
        "Projekt utan kopplat mål",
    ]
    missing = [a.get_text() for a in page.select("#missing-heading + ul a")]
    assert missing == ["Digital skylt", "Öppet wifi i parker"]
    assert "Gammal pilot" not in text  # ended before 2026
    assert "Planerad app" in text  # shown, but not yet due to report

    article = page.select_one(f"#project-{sensors.pk}")
    facts = article.get_text(" ", strip=True)
    assert "Stockholm Vatten" in facts and "Verksamhetsprojekt" in facts
    assert "Sensorer i 25 brunnar" in facts and "Upphandling" not in facts
    assert "<strong>tio</strong>" in str(article.select_one(".prose"))
    (row,) = article.select("tbody tr")
    cells = [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]
    # The value measured in 2027 is not part of 2026's standing.
    assert cells[0] == "Läckor hittade"
    assert cells[2] == "10\xa0st ( 1 september 2026 )" and cells[4] == "25 %"

    # Linked to both goals: in full once, then a link back to it.
    assert len(page.select(f"#project-{wifi.pk}")) == 1
    second_goal = page.select("section.follow-up-goal")[1]
    assert second_goal.find("a", href=f"#project-{wifi.pk}")
    assert (
        "Ägaren har inte rapporterat än."
        in page.select_one(f"#project-{wifi.pk}").get_text()
    )


def test_other_years_and_the_latest(client, followed_up):
    page = client.get(sv("opendata:follow_up", year=2024))
    assert "Gammal pilot" in page.content.decode()
    assert "Läckagesensorer" not in page.content.decode()
    latest = client.get(sv("opendata:follow_up_latest"))
    assert latest.status_code == 302
    assert latest["Location"] == sv(
        "opendata:follow_up", year=timezone.localdate().year
    )
    years = page.context["follow_up"].years
    assert years[0] == 2023 and years[-1] == timezone.localdate().year


@pytest.mark.parametrize("year", ["1999", "3000", "9" * 5000, "٢٠٢٦"])
def test_years_outside_the_strategy_are_not_found(client, followed_up, year):
    assert client.get(f"/sv/uppfoljning/{year}/").status_code == 404


def test_queries_do_not_grow_with_projects(
    client, moderator, goals, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for i in range(n):
            project = projects.project_create(
                actor=moderator,
                data=project_data(title=f"Projekt {i}"),
                goals=goals,
                indicators=[LEAKS],
            )
            projects.indicator_value_set(
                actor=moderator,
                indicator=project.indicators.get(),
                measured_on=date(2026, 3, 1),
                value=Decimal(5),
            )

    add(1)
    url = sv("opendata:follow_up", year=2026)
    client.get(url)  # warm the navigation caches
    with django_assert_max_num_queries(13) as few:
        client.get(url)
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
