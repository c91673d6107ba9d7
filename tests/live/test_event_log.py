"""The event log: written with the change, numbered per stream, replayed on
subscribe with ``since``, then live, with no duplicates and no gaps."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

from config.asgi import application
from ideas import supports
from live import events
from live.models import StreamEvent
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
HOST = (b"host", b"127.0.0.1:8000")


@pytest.mark.django_db
def test_ids_count_up_per_stream_and_roll_back_with_the_change():
    with transaction.atomic():
        first = events.event_emit("idea.1", "idea.support_count", {"n": 1})
        second = events.event_emit("idea.1", "idea.support_count", {"n": 2})
        other = events.event_emit("idea.2", "idea.support_count", {"n": 1})
    assert (first.seq, second.seq, other.seq) == (1, 2, 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        events.event_emit("idea.1", "idea.support_count", {"n": 3})
        raise RuntimeError("the change fails")
    assert events.last_id("idea.1") == 2
    assert StreamEvent.objects.filter(stream="idea.1").count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_event_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        events.event_emit("idea.1", "idea.support_count", {})


async def connected() -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, HOST])
    ok, _ = await communicator.connect()
    assert ok
    return communicator


def make_idea_and_people(n: int):
    return IdeaFactory(), VerifiedUserFactory.create_batch(n)


@pytest.mark.django_db(transaction=True)
async def test_a_support_arrives_live_and_a_reconnect_catches_up():
    idea, people = await database_sync_to_async(make_idea_and_people)(3)
    support = database_sync_to_async(supports.support_add)
    stream = f"idea.{idea.pk}"
    client = await connected()
    try:
        await client.send_json_to({"type": "subscribe", "stream": stream})
        assert await client.receive_json_from() == {
            "type": "subscribed",
            "stream": stream,
            "last_id": 0,
        }
        await support(actor=people[0], idea=idea)
        live = await client.receive_json_from(timeout=2)
        assert (live["id"], live["event"], live["data"]) == (
            1,
            "idea.support_count",
            {"support_count": 1},
        )
    finally:
        await client.disconnect()

    # While away, two more supports; the client asks for everything after 1.
    await support(actor=people[1], idea=idea)
    await support(actor=people[2], idea=idea)
    client = await connected()
    try:
        await client.send_json_to({"type": "subscribe", "stream": stream, "since": 1})
        replayed = [await client.receive_json_from() for _ in range(2)]
        assert [(f["id"], f["data"]["support_count"]) for f in replayed] == [
            (2, 2),
            (3, 3),
        ]
        assert await client.receive_json_from() == {
            "type": "subscribed",
            "stream": stream,
            "last_id": 3,
        }
        assert await client.receive_nothing(timeout=0.2)
    finally:
        await client.disconnect()


def private_streams():
    person, other = VerifiedUserFactory.create_batch(2)
    return person, other


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("stream", "code"),
    [
        ("moderation", "forbidden"),
        ("idea.999999", "unknown_stream"),
        ("forum.everything", "unknown_stream"),
    ],
)
async def test_streams_a_visitor_may_not_hear(stream, code):
    client = await connected()
    try:
        await client.send_json_to({"type": "subscribe", "stream": stream})
        frame = await client.receive_json_from()
        assert (frame["type"], frame["code"]) == ("error", code)
        await client.send_json_to({"type": "ping"})
        assert await client.receive_json_from() == {"type": "pong"}
    finally:
        await client.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_person_hears_only_their_own_user_stream():
    person, other = await database_sync_to_async(private_streams)()
    client = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, HOST])
    client.scope["user"] = person
    await client.connect()
    try:
        await client.send_json_to({"type": "subscribe", "stream": f"user.{other.pk}"})
        assert (await client.receive_json_from())["code"] == "forbidden"
        await client.send_json_to({"type": "subscribe", "stream": f"user.{person.pk}"})
        assert (await client.receive_json_from())["type"] == "subscribed"
    finally:
        await client.disconnect()
