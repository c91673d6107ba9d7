"""The stream registry: the live layer knows no app; each app registers its
stream kinds, who may hear them and the events they carry."""

import pytest
from django.db import transaction

from live import events
from live.streams import StreamCheck, registered_kinds, stream_check
from tests.accounts.factories import UserFactory


def test_every_app_registered_its_streams_and_the_events_they_carry():
    kinds = registered_kinds()
    assert set(kinds) == {
        "user", "idea", "project", "moderation", "challenge", "thread",
    }  # fmt: skip
    assert {"idea.status_changed", "idea.support_count", "post.created"} <= (
        kinds["idea"].events
    )
    assert kinds["user"].events == {"notification.created"}
    assert kinds["moderation"].events == {"post.flagged"}
    assert kinds["moderation"].with_id is False
    assert "thread.locked" in kinds["thread"].events


@pytest.mark.django_db
def test_an_event_a_stream_does_not_carry_is_refused_before_anything_is_written():
    with transaction.atomic():
        with pytest.raises(ValueError, match="does not carry"):
            events.event_emit("user.1", "idea.status_changed", {})
        with pytest.raises(ValueError, match="No stream kind"):
            events.event_emit("nonsense.1", "post.created", {})
        with pytest.raises(ValueError, match="No stream kind"):
            events.event_emit("moderation.3", "post.flagged", {})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stream", "code"),
    [
        ("bogus.1", "unknown_stream"),
        ("idea", "unknown_stream"),
        ("idea.999999", "unknown_stream"),
        ("user.999999", "forbidden"),
        ("moderation", "forbidden"),
        ("IDEA.1", "unknown_stream"),
    ],
)
def test_the_registry_answers_for_streams_it_does_not_know_or_allow(stream, code):
    assert stream_check(UserFactory(), stream) == StreamCheck(False, code)
