"""The statistics page's numbers: public content only, by month and role, by
goal and dimension, district and kind, the funnel and the answer time; the
period form's errors; each chart's CSV; a cost that does not grow with rows."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cms.models import District, GoalKind
from ideas import workflow
from ideas.models import Idea, IdeaKind, IdeaStatus
from ideas.supports import support_add
from opendata.statistics import Period, numbers
from tests.cms.factories import GoalPageFactory
from tests.forum.factories import PostFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db
MARCH = datetime(2026, 3, 10, 12, tzinfo=UTC)
PERIOD = Period(date(2026, 1, 1), date(2026, 6, 1))


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


@pytest.fixture
def dimension(goals):
    return GoalPageFactory(
        parent=goals[0].get_parent(), title="Socialt hållbar", kind=GoalKind.DIMENSION
    )


def dated(idea: Idea, at: datetime) -> Idea:
    Idea.objects.filter(pk=idea.pk).update(published_at=at)
    idea.refresh_from_db()
    return idea


def test_public_content_by_month_role_goal_district_and_kind(goals, dimension):
    kista = District.objects.create(name="Kista", slug="kista")
    company = VerifiedUserFactory(role="company")
    first = dated(IdeaFactory(goals=[goals[0], dimension], district=kista), MARCH)
    dated(
        IdeaFactory(goals=[goals[0]], author=company, author_role="company",
                    kind=IdeaKind.PILOT),
        MARCH + timedelta(days=40),
    )  # fmt: skip
    dated(IdeaFactory(goals=goals, hidden_at=timezone.now()), MARCH)
    dated(IdeaFactory(goals=goals), datetime(2025, 12, 31, 12, tzinfo=UTC))
    IdeaFactory(goals=goals, published_at=None)
    PostFactory(idea=first, body="Synlig")
    PostFactory(idea=first, body="Borttagen", removed_at=timezone.now())

    counted = numbers(PERIOD)
    assert counted.ideas_by_month == {
        "2026-03": {"resident": 1},
        "2026-04": {"company": 1},
    }
    assert counted.ideas_by_goal == {goals[0].pk: 2, dimension.pk: 1}
    assert counted.goal_kinds[dimension.pk] == "dimension"
    assert counted.ideas_by_district == {"Kista": 1, "": 1}
    assert counted.ideas_by_kind == {"idea": 1, "pilot": 1}
    assert counted.comments_by_month == {}  # written today, after the period
    today = timezone.localdate()
    now = numbers(
        Period(date(today.year, today.month, 1), date(today.year, today.month, 1))
    )
    assert sum(now.comments_by_month[f"{today:%Y-%m}"].values()) == 1


def test_funnel_and_answer_time(goals, moderator):
    answered = [dated(IdeaFactory(goals=goals), MARCH) for _ in range(3)]
    dated(IdeaFactory(goals=goals), MARCH)
    for days, idea in zip((2, 10, 100), answered, strict=True):
        workflow.idea_answer(actor=moderator, idea=idea, text="Tack, vi tittar på den.")
        Idea.objects.filter(pk=idea.pk).update(
            first_answered_at=MARCH + timedelta(days=days)
        )
    support_add(actor=VerifiedUserFactory(), idea=answered[0])
    workflow.idea_status_change(
        actor=moderator, idea=answered[0], status=IdeaStatus.ACCEPTED, reason="Bra."
    )

    counted = numbers(PERIOD)
    assert counted.funnel == {
        "submitted": 4, "answered": 3, "accepted": 1, "project": 0, "completed": 0
    }  # fmt: skip
    assert counted.answer_days == {"median": 10.0, "p90": 10.0}
    assert counted.answer_buckets == [1, 1, 0, 1]  # ≤7, 8–30, 31–90, >90 days


def test_the_page_its_period_errors_and_a_csv(client, goals):
    dated(IdeaFactory(goals=goals), MARCH)
    page = client.get("/sv/statistik/?start=2026-01&end=2026-06").content.decode()
    assert "1 idé under perioden. Flest i mars 2026 (1)." in page
    assert page.count('class="stat-chart"') == 9
    for bad, error in [
        ("start=2026-13", "Ange en månad som ÅÅÅÅ-MM"),
        ("start=٢٠٢٦-01", "Ange en månad som ÅÅÅÅ-MM"),
        ("start=2026-06&end=2026-01", "Den första månaden kommer efter den sista."),
        ("start=2000-01&end=2026-01", "Välj högst 120 månader."),
        ("start=" + "9" * 5000, "Ange en månad som ÅÅÅÅ-MM"),
    ]:
        response = client.get(f"/sv/statistik/?{bad}")
        assert response.status_code == 200 and error in response.content.decode()
    response = client.get("/sv/statistik/ideas.csv?start=2026-01&end=2026-06")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["", "Invånare"]
    assert rows[3] == ["mars 2026", "1"] and len(rows) == 7
    assert client.get("/sv/statistik/nothing.csv").status_code == 404
    with_english = client.get("/en/statistics/?start=2026-01&end=2026-06")
    assert "1 idea in the period." in with_english.content.decode()


def test_queries_do_not_grow_with_rows(client, goals, django_assert_max_num_queries):
    url = "/sv/statistik/?start=2026-01&end=2026-06"
    dated(IdeaFactory(goals=goals), MARCH)
    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(8):
        idea = dated(IdeaFactory(goals=goals), MARCH)
        support_add(actor=VerifiedUserFactory(), idea=idea)
        PostFactory(idea=idea)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
