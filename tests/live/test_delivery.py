"""Nothing lost, nothing twice, always in order, whatever the channel layer
does: broadcasts that arrive out of order (they race across processes) and
broadcasts that never arrive (Redis away, a lost publish) are made good from
the event log."""

import asyncio
import json

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application
from live import events
from live.models import StreamCounter, StreamEvent
from tests.ideas.factories import IdeaFactory

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
HOST = (b"host", b"127.0.0.1:8000")
pytestmark = pytest.mark.django_db(transaction=True)


def logged_quietly(stream: str, count: int) -> list[StreamEvent]:
    """``count`` events written to the log as a service in another process
    would, but not broadcast: their publish is late, or lost."""
    counter, _ = StreamCounter.objects.get_or_create(stream=stream)
    written = []
    for _ in range(count):
        counter.last_id += 1
        written.append(
            StreamEvent.objects.create(
                stream=stream,
                seq=counter.last_id,
                event="idea.support_count",
                data={"support_count": counter.last_id},
            )
        )
    counter.save()
    return written


async def broadcast(logged: StreamEvent) -> None:
    frame = events.frame(logged)
    await get_channel_layer().group_send(
        events.group_name(logged.stream),
        {"type": "stream.event", "frame": frame, "text": json.dumps(frame)},
    )


async def subscribed(stream: str) -> WebsocketCommunicator:
    client = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, HOST])
    ok, _ = await client.connect()
    assert ok
    await client.send_json_to({"type": "subscribe", "stream": stream})
    assert (await client.receive_json_from())["type"] == "subscribed"
    return client


async def ids_received(client, count: int) -> list[int]:
    frames = [await client.receive_json_from(timeout=3) for _ in range(count)]
    assert {f["type"] for f in frames} == {"event"}
    return [f["id"] for f in frames]


async def test_events_that_arrive_out_of_order_are_sent_in_order_once():
    idea = await database_sync_to_async(IdeaFactory)()
    stream = f"idea.{idea.pk}"
    client = await subscribed(stream)
    try:
        first, second, third = await database_sync_to_async(logged_quietly)(stream, 3)
        # The third publish wins the race; the first two come late.
        await broadcast(third)
        assert await ids_received(client, 3) == [1, 2, 3]
        await broadcast(first)
        await broadcast(second)
        assert await client.receive_nothing(timeout=0.3)
    finally:
        await client.disconnect()


async def test_events_whose_broadcast_never_came_arrive_with_the_heartbeat(settings):
    settings.LIVE_HEARTBEAT_SECONDS = 0.3
    idea = await database_sync_to_async(IdeaFactory)()
    stream = f"idea.{idea.pk}"
    client = await subscribed(stream)
    try:
        await database_sync_to_async(logged_quietly)(stream, 2)
        assert await ids_received(client, 2) == [1, 2]
        heartbeat = await client.receive_json_from(timeout=3)
        assert heartbeat == {"type": "heartbeat", "streams": {stream: 2}}
        # A broadcast that turns up after all is not sent again.
        [late] = await database_sync_to_async(
            lambda: list(StreamEvent.objects.filter(stream=stream, seq=2))
        )()
        await broadcast(late)
        frame = await client.receive_json_from(timeout=3)
        assert frame["type"] == "heartbeat"
    finally:
        await client.disconnect()


async def test_a_busy_connection_is_spared_heartbeat_frames_and_a_quiet_one_is_not(
    settings,
):
    """A connection sent something within half an interval knows it is alive:
    no heartbeat frame (a busy discussion is spared a thousand at once). One
    that heard nothing gets one every interval."""
    # Events 0.1 s apart, a heartbeat due after 0.5 s of quiet: a loaded CI
    # machine stalled past the 0.2 s an interval of 0.4 s left.
    settings.LIVE_HEARTBEAT_SECONDS = 1.0
    busy_idea, quiet_idea = await database_sync_to_async(IdeaFactory.create_batch)(2)
    busy_stream = f"idea.{busy_idea.pk}"
    busy = await subscribed(busy_stream)
    quiet = await subscribed(f"idea.{quiet_idea.pk}")
    try:
        for _ in range(30):  # 3 s: three intervals, an event every 0.1 s
            [logged] = await database_sync_to_async(logged_quietly)(busy_stream, 1)
            await broadcast(logged)
            await asyncio.sleep(0.1)
        heard = []
        while not await busy.receive_nothing(timeout=0.05):
            heard.append(await busy.receive_json_from())
        assert [f["type"] for f in heard] == ["event"] * 30
        assert [f["id"] for f in heard] == list(range(1, 31))
        beats = []
        while not await quiet.receive_nothing(timeout=0.05):
            beats.append(await quiet.receive_json_from())
        assert len(beats) >= 2
        assert {f["type"] for f in beats} == {"heartbeat"}
    finally:
        await busy.disconnect()
        await quiet.disconnect()
