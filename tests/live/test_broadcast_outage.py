"""While the channel layer's Redis is away, every post still commits, and the
log says so in two lines, not one traceback per broadcast: one when the
broadcasts begin to fail, one when they are sent again, with how many were
lost (clients caught up from the event log: tests/forum/test_redis_outage.py).
"""

import logging
import time

import pytest
from channels.layers import channel_layers
from django.test import override_settings

from config.channel_layer import RETRY_AFTER_SECONDS
from forum import services
from forum.models import Post
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.processes import OwnRedis

pytestmark = [pytest.mark.redis, pytest.mark.django_db]
POSTS_WHILE_AWAY = 25


@pytest.fixture
def own_redis(tmp_path):
    redis = OwnRedis(tmp_path)  # not started yet: its port refuses
    layers = {
        "default": {
            "BACKEND": "config.channel_layer.PubSubChannelLayer",
            "CONFIG": {"hosts": [redis.url]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        channel_layers.backends.clear()
        try:
            yield redis
        finally:
            redis.stop()
            channel_layers.backends.clear()


def test_an_outage_is_two_lines_of_log_and_loses_no_post(
    own_redis, caplog, django_capture_on_commit_callbacks
):
    idea = IdeaFactory()

    def post(body: str) -> None:
        writer = VerifiedUserFactory()  # one post each: no flood limit
        with django_capture_on_commit_callbacks(execute=True):
            services.post_create(actor=writer, target=idea, body=body)

    with caplog.at_level(logging.INFO, logger="live.events"):
        for n in range(POSTS_WHILE_AWAY):
            post(f"Inlägg {n} medan Redis är borta")
        own_redis.start()
        # The layer does not ask a Redis that just refused again at once.
        time.sleep(RETRY_AFTER_SECONDS + 0.2)
        post("Inlägg när Redis är tillbaka")
        post("Och ett till")

    lines = [r for r in caplog.records if r.name == "live.events"]
    assert [line.levelno for line in lines] == [logging.WARNING, logging.WARNING]
    away, back = (line.getMessage() for line in lines)
    assert away.startswith(f"Broadcasts failing (idea.{idea.pk}#1: ")
    assert away.endswith("clients will catch up from the log")
    assert lines[0].exc_info is not None  # the cause, once
    assert back.startswith("Broadcasts sent again after ")
    assert f"({POSTS_WHILE_AWAY} failed; clients catch up from the log)" in back
    assert Post.objects.filter(idea=idea).count() == POSTS_WHILE_AWAY + 2
