"""The event log moved from forum to live (forum.0004, live.0001) without
touching a row: events written before the move are replayed after it, with
the same ids, and the move runs backward as well."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BEFORE = [("forum", "0003_editors_manage_categories")]
AFTER = [("live", "0001_initial"), ("forum", "0004_event_log_moves_to_live")]


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    """Going back to forum 0003 also unapplies forum's later migrations; the
    tests after this one need every app at its newest migration again."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_events_and_counters_survive_the_move_both_ways():
    old = migrate(BEFORE)
    Counter = old.get_model("forum", "StreamCounter")
    Event = old.get_model("forum", "StreamEvent")
    Counter.objects.create(stream="idea.7", last_id=2)
    for seq in (1, 2):
        Event.objects.create(stream="idea.7", seq=seq, event="post.created", data={})
    before = list(Event.objects.order_by("seq").values_list("pk", "seq"))

    new = migrate(AFTER)
    moved = new.get_model("live", "StreamEvent")
    assert list(moved.objects.order_by("seq").values_list("pk", "seq")) == before
    assert new.get_model("live", "StreamCounter").objects.get().last_id == 2

    # Replayed through the live app's own reader, as a reconnecting client is.
    from live import events

    assert [e.seq for e in events.events_after("idea.7", 0)] == [1, 2]
    assert events.last_id("idea.7") == 2

    back = migrate(BEFORE)
    assert (
        list(
            back.get_model("forum", "StreamEvent")
            .objects.order_by("seq")
            .values_list("pk", "seq")
        )
        == before
    )
    migrate(AFTER)
