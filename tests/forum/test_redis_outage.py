"""With the channel layer's Redis unreachable, posting still succeeds and the
page shows the post (the event is in the log, the broadcast is lost). When
Redis is back, live delivery resumes and a reconnecting client catches up."""

import logging

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client, override_settings
from django.utils import translation

from config.asgi import application
from forum import services
from live.models import StreamEvent
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
ORIGIN = (b"origin", b"http://127.0.0.1:8000")
HOST = (b"host", b"127.0.0.1:8000")
UNREACHABLE = {
    "default": {
        "BACKEND": "config.channel_layer.PubSubChannelLayer",
        # Nothing listens on port 1: every connection is refused at once.
        "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
    }
}


def post_while_redis_is_away(idea, writer) -> tuple[int, str]:
    client = Client()
    client.force_login(writer)
    with translation.override("sv"):
        url = f"/sv/discussion/idea/{idea.pk}/post/"
        response = client.post(url, {"body": "Skrivet medan Redis var borta"})
        page = client.get(response["Location"]).content.decode()
    return response.status_code, page


async def test_posting_survives_a_redis_outage_and_clients_catch_up(caplog, locales):
    idea = await sync_to_async(IdeaFactory)()
    writer = await sync_to_async(VerifiedUserFactory)()
    stream = f"idea.{idea.pk}"

    with (
        override_settings(CHANNEL_LAYERS=UNREACHABLE),
        caplog.at_level(logging.WARNING, logger="live.events"),
    ):
        channel_layers.backends.clear()
        status, page = await sync_to_async(post_while_redis_is_away)(idea, writer)
    channel_layers.backends.clear()  # Redis is back
    assert status == 302
    assert "Skrivet medan Redis var borta" in page
    assert "clients will catch up" in caplog.text
    assert await StreamEvent.objects.filter(stream=stream).acount() == 1
    assert settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] == [settings.REDIS_URL]

    client = WebsocketCommunicator(application, "/ws/", headers=[ORIGIN, HOST])
    await client.connect()
    try:
        await client.send_json_to({"type": "subscribe", "stream": stream, "since": 0})
        caught_up = await client.receive_json_from(timeout=2)
        assert (caught_up["id"], caught_up["event"]) == (1, "post.created")
        assert (await client.receive_json_from())["type"] == "subscribed"
        second = await sync_to_async(services.post_create)(
            actor=writer, target=idea, body="Och nu live igen"
        )
        live = await client.receive_json_from(timeout=2)
        assert (live["id"], live["data"]["post_id"]) == (2, second.pk)
    finally:
        await client.disconnect()
