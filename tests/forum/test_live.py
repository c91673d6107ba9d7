"""The WebSocket protocol for discussions: a reconnecting client gets exactly
what it missed, in order; bad frames get error frames and the connection stays
usable; a flood closes it with the documented code; notifications arrive live."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from forum import services
from forum.models import Thread
from live import consumers
from tests.forum.factories import ThreadFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://127.0.0.1:8000")
HOST = (b"host", b"127.0.0.1:8000")


async def connected(user=None) -> WebsocketCommunicator:
    client = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, HOST])
    if user is not None:
        client.scope["user"] = user
    ok, _ = await client.connect()
    assert ok
    return client


def idea_and_people(n: int):
    return IdeaFactory(), VerifiedUserFactory.create_batch(n)


post = database_sync_to_async(services.post_create)


async def test_a_client_that_reconnects_gets_exactly_the_three_posts_it_missed():
    idea, (writer,) = await database_sync_to_async(idea_and_people)(1)
    stream = f"idea.{idea.pk}"
    client = await connected()
    try:
        await client.send_json_to({"type": "subscribe", "stream": stream})
        assert (await client.receive_json_from())["last_id"] == 0
        first = await post(actor=writer, target=idea, body="Innan")
        frame = await client.receive_json_from(timeout=2)
        assert (frame["id"], frame["event"], frame["data"]["post_id"]) == (
            1,
            "post.created",
            first.pk,
        )
    finally:
        await client.disconnect()

    missed = [
        await post(actor=writer, target=idea, body=f"Medan {n}") for n in range(3)
    ]

    client = await connected()
    try:
        await client.send_json_to({"type": "subscribe", "stream": stream, "since": 1})
        replay = [await client.receive_json_from(timeout=2) for _ in range(3)]
        assert [(f["id"], f["data"]["post_id"]) for f in replay] == [
            (2, missed[0].pk),
            (3, missed[1].pk),
            (4, missed[2].pk),
        ]
        subscribed = await client.receive_json_from()
        assert (subscribed["type"], subscribed["last_id"]) == ("subscribed", 4)
        assert await client.receive_nothing(timeout=0.3)
    finally:
        await client.disconnect()


async def test_a_since_from_the_future_is_refused_and_not_subscribed():
    idea, _people = await database_sync_to_async(idea_and_people)(0)
    client = await connected()
    try:
        stream = f"idea.{idea.pk}"
        await client.send_json_to({"type": "subscribe", "stream": stream, "since": 99})
        error = await client.receive_json_from()
        assert (error["code"], error["stream"]) == ("bad_since", stream)
        await client.send_json_to({"type": "subscribe", "stream": stream, "since": 0})
        assert (await client.receive_json_from())["type"] == "subscribed"
    finally:
        await client.disconnect()


async def test_a_flood_of_subscribe_frames_is_slowed_then_closed_with_4429():
    idea, _people = await database_sync_to_async(idea_and_people)(0)
    client = await connected()
    try:
        frame = {"type": "subscribe", "stream": f"idea.{idea.pk}"}
        codes = []
        closed = None
        for _ in range(200):
            await client.send_json_to(frame)
        while True:
            output = await client.receive_output(timeout=2)
            if output["type"] == "websocket.close":
                closed = output["code"]
                break
            codes.append(output["text"])
        assert any('"rate_limited"' in text for text in codes)
        assert closed == consumers.CLOSE_ABUSE == 4429
    finally:
        await client.disconnect()


def fifty_one_ideas():
    return [idea.pk for idea in IdeaFactory.create_batch(51)]


async def test_the_fifty_first_subscription_is_refused():
    ids = await database_sync_to_async(fifty_one_ideas)()
    client = await connected()
    try:
        for pk in ids[:50]:
            await client.send_json_to({"type": "subscribe", "stream": f"idea.{pk}"})
            assert (await client.receive_json_from())["type"] == "subscribed"
        await client.send_json_to({"type": "subscribe", "stream": f"idea.{ids[50]}"})
        assert (await client.receive_json_from())["code"] == "too_many_subscriptions"
    finally:
        await client.disconnect()


def hidden_thread() -> Thread:
    from django.utils import timezone

    return ThreadFactory(hidden_at=timezone.now())


async def test_a_hidden_thread_is_heard_only_by_moderators():
    thread = await database_sync_to_async(hidden_thread)()
    client = await connected()
    try:
        await client.send_json_to(
            {"type": "subscribe", "stream": f"thread.{thread.pk}"}
        )
        assert (await client.receive_json_from())["code"] == "forbidden"
    finally:
        await client.disconnect()


def mention_setup():
    idea = IdeaFactory()
    writer = VerifiedUserFactory(display_name="Vera Skribent")
    reader = VerifiedUserFactory(display_name="Rolf Läsare")
    return idea, writer, reader


async def test_a_mention_arrives_live_on_the_mentioned_persons_stream():
    idea, writer, reader = await database_sync_to_async(mention_setup)()
    client = await connected(reader)
    try:
        await client.send_json_to({"type": "subscribe", "stream": f"user.{reader.pk}"})
        assert (await client.receive_json_from())["type"] == "subscribed"
        await post(actor=writer, target=idea, body="Hej @Rolf Läsare, vad tycker du?")
        frame = await client.receive_json_from(timeout=2)
        assert (frame["event"], frame["data"]["kind"], frame["data"]["unread"]) == (
            "notification.created",
            "post.mentioned",
            1,
        )
    finally:
        await client.disconnect()
