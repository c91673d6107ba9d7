"""The channel layer chosen from REDIS_URL carries messages between processes."""

import uuid

import pytest
from channels.layers import get_channel_layer
from channels_redis.pubsub import RedisPubSubChannelLayer
from django.conf import settings


@pytest.mark.redis
async def test_with_redis_url_the_layer_is_redis_and_delivers_group_messages():
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis")
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
