"""The channel layer chosen from REDIS_URL carries messages between processes,
and a publish from a request's thread reaches them as the layer's own would."""

import asyncio
import socket
import uuid

import pytest
import redis
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings

from config.channel_layer import PubSubChannelLayer, RedisAway


@pytest.mark.redis
async def test_with_redis_url_the_layer_is_redis_and_delivers_group_messages():
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    assert backend == "config.channel_layer.PubSubChannelLayer"
    layer = get_channel_layer()
    assert isinstance(layer, RedisPubSubChannelLayer)
    group = f"test.{uuid.uuid4().hex}"
    channel = await layer.new_channel()
    await layer.group_add(group, channel)
    try:
        await layer.group_send(group, {"type": "idea.supported", "count": 3})
        assert await layer.receive(channel) == {"type": "idea.supported", "count": 3}
    finally:
        await layer.group_discard(group, channel)


@pytest.mark.redis
async def test_a_publish_from_a_thread_reaches_the_layers_subscribers():
    """``group_send_now`` (config.channel_layer) writes what ``group_send``
    would: a subscriber of the layer, on this event loop, receives it."""
    layer = get_channel_layer()
    assert isinstance(layer, PubSubChannelLayer)
    group = f"test.{uuid.uuid4().hex}"
    channel = await layer.new_channel()
    await layer.group_add(group, channel)
    message = {"type": "stream.event", "text": "Hej då, världen", "seq": 7}
    try:
        # From a thread without an event loop, as a request's thread sends.
        await asyncio.to_thread(layer.group_send_now, group, message)
        assert await asyncio.wait_for(layer.receive(channel), 5) == message
    finally:
        await layer.group_discard(group, channel)


def test_with_redis_away_a_publish_fails_at_once_and_is_not_tried_again_soon():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    layer = PubSubChannelLayer(hosts=[f"redis://127.0.0.1:{port}/0"])
    with pytest.raises(redis.ConnectionError) as refused:
        layer.group_send_now("stream.idea.1", {"type": "stream.event"})
    assert not isinstance(refused.value, RedisAway)
    # The next write of the moment does not wait for a refused connection.
    with pytest.raises(RedisAway):
        layer.group_send_now("stream.idea.1", {"type": "stream.event"})


def test_the_in_memory_layer_has_no_publish_from_a_thread():
    """live.events hands its broadcast to the event loop for a layer without
    ``group_send_now``; asked of the class, which channels_redis's stock
    layers answer without an event loop."""
    assert getattr(InMemoryChannelLayer, "group_send_now", None) is None
    assert getattr(RedisPubSubChannelLayer, "group_send_now", None) is None
