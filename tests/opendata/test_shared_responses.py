"""What is kept under the data version (common/data_version.py): the API's
answers, shared through the cache, and figures that grow with the data. A
repeated request asks the database nothing, and whatever changes what it shows
is seen by the very next request once the change has committed, whichever way
it was written."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction

from accounts.services import account_delete
from common import data_version
from ideas.models import Idea
from ideas.moderation import idea_hide
from ideas.supports import support_add
from notifications.models import Notification
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db
IDEAS = "/api/v1/ideas/"


@pytest.fixture
def shared(settings):
    """Answers shared, under a version no other test stored answers with
    (a test's writes never commit, so they would never move it)."""
    settings.API_CACHE_SECONDS = 60
    data_version.bump()


def titles(client) -> list[str]:
    return [idea["title"] for idea in client.get(IDEAS).json()["results"]]


def test_a_repeated_request_asks_the_database_nothing(
    client, shared, goals, django_assert_num_queries
):
    idea = IdeaFactory(goals=goals)
    first = client.get(f"{IDEAS}{idea.pk}/")
    with django_assert_num_queries(0):
        again = client.get(f"{IDEAS}{idea.pk}/")
        not_modified = client.get(
            f"{IDEAS}{idea.pk}/", HTTP_IF_NONE_MATCH=first["ETag"]
        )
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["Access-Control-Allow-Origin"] == "*"
    assert not_modified.status_code == 304


def test_every_kind_of_committed_change_is_seen_by_the_next_request(
    client, shared, committed, goals, moderator
):
    idea = IdeaFactory(goals=goals, title="Solceller")
    other = IdeaFactory(goals=goals, title="Cykelbanor")
    assert titles(client) == ["Cykelbanor", "Solceller"]

    with committed():  # a service, counts and all
        support_add(actor=VerifiedUserFactory(), idea=idea)
    assert client.get(f"{IDEAS}{idea.pk}/").json()["support_count"] == 1

    with committed():  # a queryset's update
        Idea.objects.filter(pk=other.pk).update(title="Cykelbanor året om")
    assert titles(client) == ["Cykelbanor året om", "Solceller"]

    with committed(), connection.cursor() as cursor:  # raw SQL
        cursor.execute(
            "UPDATE ideas_idea SET summary = %s WHERE id = %s", ["Rått", idea.pk]
        )
    assert client.get(f"{IDEAS}{idea.pk}/").json()["summary"] == "Rått"

    with committed():  # a moderator hides it: gone at once
        idea_hide(actor=moderator, idea=idea, reason="Personuppgifter.")
    assert titles(client) == ["Cykelbanor året om"]
    assert client.get(f"{IDEAS}{idea.pk}/").status_code == 404

    author = other.author
    with committed():  # its author leaves: their name goes with them
        account_delete(actor=author, user=author, keep_contributions=True)
    shown = client.get(IDEAS).json()["results"][0]["author"]
    assert shown["name"] == "former participant"


def test_a_rolled_back_change_and_private_bookkeeping_keep_the_version(
    committed, goals
):
    idea = IdeaFactory(goals=goals)
    before = data_version.version()
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            Idea.objects.filter(pk=idea.pk).update(title="Aldrig")
            raise RuntimeError
        SessionStore().create()
        Notification.objects.create(recipient=idea.author, kind="post.created", url="/")
    assert data_version.version() == before
    with committed():
        Idea.objects.filter(pk=idea.pk).update(title="Nu")
        Idea.objects.filter(pk=idea.pk).update(title="Nu igen")
    assert data_version.version() == before + 1  # once per transaction


@pytest.mark.parametrize(
    ("sql", "public"),
    [
        ('SELECT "ideas_idea"."id" FROM "ideas_idea"', False),
        ('INSERT INTO "ideas_support" ("idea_id") VALUES (%s)', True),
        ('UPDATE "ideas_idea" SET "title" = %s', True),
        ('DELETE FROM "forum_post" WHERE "id" = %s', True),
        ("  update ideas_idea set title = 'x'", True),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('UPDATE "notifications_notification" SET "read_at" = %s', False),
        ("WITH moved AS (UPDATE ideas_idea SET title = 'x') SELECT 1", True),
        ("with m as (delete from forum_post returning id) select 1", True),
        (
            "WITH m AS MATERIALIZED (SELECT e.id FROM idestad_search_searchentry e)"
            " SELECT m.id FROM m ORDER BY m.id",
            False,
        ),
        ("WITH x AS (SELECT 1) SELECT * FROM ideas_idea FOR UPDATE", True),
        ("SET LOCAL max_parallel_workers_per_gather = 0", False),
        ('SAVEPOINT "s1"', False),
        ("TRUNCATE ideas_idea", True),
    ],
)
def test_which_statements_move_the_version(sql, public):
    assert data_version.changes_public_data(sql) is public


def test_off_means_every_request_is_answered_afresh(
    client, settings, goals, django_assert_max_num_queries
):
    settings.API_CACHE_SECONDS = 0
    IdeaFactory(goals=goals)
    client.get(IDEAS)
    with django_assert_max_num_queries(9) as counted:
        client.get(IDEAS)
    assert len(counted) > 0


def test_a_goals_number_of_ideas_is_counted_once_per_data_version(
    client, settings, committed, goals, django_assert_max_num_queries
):
    """The goal page's count grows with the data; it is remembered under the
    data version (common.data_version.remembered), and a committed new idea
    is counted by the next reader."""
    settings.DATA_VERSION_CACHE_SECONDS = 300
    data_version.bump()
    goal = goals[0]
    IdeaFactory.create_batch(2, goals=[goal])

    def heading() -> str:
        page = client.get(goal.url).content.decode()
        return page.split('id="goal-ideas">')[1].split("<")[0]

    assert heading() == "2 idéer för det här målet"
    with django_assert_max_num_queries(60) as counted:
        heading()
    counting_ideas = 'COUNT(*) AS "__count" FROM "ideas_idea"'
    assert not any(counting_ideas in query["sql"] for query in counted)
    with committed():
        IdeaFactory(goals=[goal])
    assert heading() == "3 idéer för det här målet"
