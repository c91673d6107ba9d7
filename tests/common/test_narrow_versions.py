"""A narrow version moves with every write that can change what is kept under
it and with no other (common/narrow_versions.py): a goal's number of ideas is
counted again after a new, hidden or relinked idea, never after a support or
a comment."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import data_version, narrow_versions
from forum import services as forum
from ideas import moderation, supports
from ideas.models import Idea
from ideas.selectors import GOAL_MEMBERSHIP, GOAL_PROJECTS
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db(transaction=True)
COUNTING_IDEAS = 'COUNT(*) AS "__count" FROM "ideas_idea"'


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries if data_version.changes_public_data(q["sql"])]


def _moves_membership(
    queries: CaptureQueriesContext, key: str = GOAL_MEMBERSHIP
) -> bool:
    return any(key in narrow_versions.moved_by(s) for s in _writes(queries))


def test_a_support_a_withdrawal_and_a_comment_leave_it_alone():
    idea = IdeaFactory()
    person = VerifiedUserFactory()
    with CaptureQueriesContext(connection) as queries:
        supports.support_add(actor=person, idea=idea)
        supports.support_withdraw(actor=person, idea=idea)
        forum.post_create(actor=person, target=idea, body="Bra idé, tycker jag.")
    assert _writes(queries)  # they did write, the idea's counts included
    assert not _moves_membership(queries)
    assert not _moves_membership(queries, GOAL_PROJECTS)


def test_a_measurement_moves_a_goals_projects_and_not_its_ideas(moderator, goals):
    from datetime import date
    from decimal import Decimal

    from ideas import projects
    from tests.ideas.test_projects import project_data

    idea = IdeaFactory(status="accepted")
    with CaptureQueriesContext(connection) as queries:
        project = projects.project_promote(
            actor=moderator, ideas=[idea], data=project_data(), reason="Projekt."
        )
    assert _moves_membership(queries, GOAL_PROJECTS)
    indicator = project.indicators.create(
        name="Laddplatser", unit="st", baseline=0, target=50, goal=goals[0]
    )
    with CaptureQueriesContext(connection) as queries:
        projects.indicator_value_set(
            actor=moderator, indicator=indicator, measured_on=date(2099, 1, 1),
            value=Decimal(3),
        )  # fmt: skip
    assert _moves_membership(queries, GOAL_PROJECTS)
    assert not _moves_membership(queries, GOAL_MEMBERSHIP)


def test_a_new_idea_a_hidden_one_and_new_goals_move_it(goals, moderator):
    with CaptureQueriesContext(connection) as queries:
        idea = IdeaFactory(goals=[goals[0]])
    assert _moves_membership(queries)
    with CaptureQueriesContext(connection) as queries:
        moderation.idea_hide(actor=moderator, idea=idea, reason="Stötande.")
    assert _moves_membership(queries)
    with CaptureQueriesContext(connection) as queries:
        idea.goals.add(goals[1])
    assert _moves_membership(queries)
    with CaptureQueriesContext(connection) as queries:
        Idea.objects.filter(pk=idea.pk).delete()
    assert _moves_membership(queries)


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE "ideas_idea" SET "title" = %s WHERE "ideas_idea"."id" = %s',
        "UPDATE ideas_idea SET comment_count = (SELECT count(*) FROM forum_post"
        " WHERE idea_id = 1), hidden_at = NOW() WHERE id = 1",
        "UPDATE ideas_idea SET support_count = 1, published_at = NULL",
        "UPDATE ideas_idea SET support_count = support_count + 1, hidden_at=NOW()",
        "UPDATE ideas_idea",  # nothing it can read as set
        'INSERT INTO "ideas_idea_goals" ("idea_id", "goalpage_id") VALUES (1, 2)',
        "COPY ideas_idea FROM STDIN",
        "TRUNCATE ideas_idea_goals",
        'DELETE FROM "wagtailcore_page" WHERE id = 3',
        "WITH gone AS (DELETE FROM ideas_idea RETURNING id) SELECT 1",
        "SELECT 1; DROP TABLE x",  # no write it can read: counted as a change
        "WITH m AS (UPDATE ideas_idea SET heat = 1, hidden_at = NOW() RETURNING id)"
        " SELECT 1",
        # A parenthesis in a string is not where the UPDATE ends.
        "WITH m AS (UPDATE ideas_idea SET heat = length(')'), hidden_at = NOW()"
        " RETURNING id) SELECT 1",
    ],
)
def test_writes_that_may_change_which_ideas_a_goal_has_move_it(sql):
    assert GOAL_MEMBERSHIP in narrow_versions.moved_by(sql)


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE "ideas_idea" SET "comment_count" = GREATEST(("ideas_idea".'
        '"comment_count" + %s), %s), "updated_at" = NOW() WHERE "id" = %s',
        "UPDATE ideas_idea SET heat = heat * 0.5",
        'INSERT INTO "ideas_support" ("idea_id", "user_id") VALUES (1, 2)',
        'UPDATE "forum_post" SET "hidden_at" = NOW()',
        # A support's statement: the idea's counters, then other tables' rows.
        "WITH moved AS (UPDATE ideas_idea SET support_count = support_count + $1,"
        " heat = heat + $5, updated_at = STATEMENT_TIMESTAMP() WHERE id = $6"
        " RETURNING id), event_counter AS (INSERT INTO forum_streamcounter"
        " (stream, last_id) SELECT $14, 1 FROM moved ON CONFLICT (stream) DO"
        " UPDATE SET last_id = forum_streamcounter.last_id + 1 RETURNING last_id)"
        " SELECT 1",
    ],
)
def test_writes_of_counters_and_of_other_tables_do_not(sql):
    assert GOAL_MEMBERSHIP not in narrow_versions.moved_by(sql)


def test_a_goals_count_is_counted_again_only_when_its_ideas_change(
    client, settings, goals, moderator
):
    settings.DATA_VERSION_CACHE_SECONDS = 300
    goal = goals[0]
    IdeaFactory.create_batch(2, goals=[goal])

    def heading_and_counted() -> tuple[str, bool]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(goal.url).content.decode()
        heading = page.split('id="goal-ideas">')[1].split("<")[0]
        return heading, any(COUNTING_IDEAS in q["sql"] for q in queries)

    assert heading_and_counted() == ("2 idéer för det här målet", True)
    assert heading_and_counted() == ("2 idéer för det här målet", False)
    idea = Idea.objects.filter(goals=goal).first()
    supports.support_add(actor=VerifiedUserFactory(), idea=idea)
    assert heading_and_counted() == ("2 idéer för det här målet", False)
    IdeaFactory(goals=[goal])
    assert heading_and_counted() == ("3 idéer för det här målet", True)
    moderation.idea_hide(actor=moderator, idea=idea, reason="Stötande.")
    assert heading_and_counted() == ("2 idéer för det här målet", True)


@pytest.mark.redis
def test_a_move_missed_while_the_cache_is_away_is_made_when_it_is_back(settings):
    """Else what was kept before the write would be served once the cache
    answers again, for as long as it is kept."""
    from django.core.cache import caches

    from config.cache import forget_shared

    settings.DATA_VERSION_CACHE_SECONDS = 300
    working = settings.CACHES
    assert narrow_versions.remembered_under(GOAL_MEMBERSHIP, "figure", lambda: 1) == 1
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "KEY_PREFIX": "idestad-test-away",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    forget_shared()
    try:
        narrow_versions.bump(GOAL_MEMBERSHIP)  # a write while it is away
        assert (
            narrow_versions.remembered_under(GOAL_MEMBERSHIP, "figure", lambda: 2) == 2
        )
    finally:
        caches["default"].close()
        settings.CACHES = working
        forget_shared()
    assert narrow_versions.remembered_under(GOAL_MEMBERSHIP, "figure", lambda: 3) == 3
    assert narrow_versions.remembered_under(GOAL_MEMBERSHIP, "figure", lambda: 4) == 3
