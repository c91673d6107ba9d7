"""A new post's text reaches readers who are not signed in inside its event:
rendered once per broadcast for every such connection, exactly as the post's
fragment URL shows it to them, in the page's language; signed-in readers still
fetch the post as they see it; hidden text never travels."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import translation

from config.asgi import application
from forum import services
from forum.moderation import post_hide
from live.shared import rendered
from tests.forum.factories import PostFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://127.0.0.1:8000")
HOST = (b"host", b"127.0.0.1:8000")
POST_TEMPLATE = "forum/includes/post.html"


async def subscribed(stream: str, *, lang: str = "", user=None):
    path = f"/ws/?lang={lang}" if lang else "/ws/"
    client = WebsocketCommunicator(application, path, headers=[ORIGIN, HOST])
    if user is not None:
        client.scope["user"] = user
    ok, _ = await client.connect()
    assert ok
    await client.send_json_to({"type": "subscribe", "stream": stream})
    assert (await client.receive_json_from())["type"] == "subscribed"
    return client


def fragment_as_everyone_sees_it(post_id: int, language: str) -> str:
    with translation.override(language):
        url = reverse("forum:post_fragment", args=[post_id])
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


class PostRenders:
    """Counts renders of the post template, in whatever thread they happen."""

    def __init__(self) -> None:
        self.count = 0

    def __enter__(self) -> "PostRenders":
        template_rendered.connect(self.seen)
        return self

    def __exit__(self, *exc) -> None:
        template_rendered.disconnect(self.seen)

    def seen(self, sender, template, **kwargs) -> None:
        if template.name == POST_TEMPLATE:
            self.count += 1


def idea_and_writer():
    return IdeaFactory(), VerifiedUserFactory(display_name="Siv Skribent")


post = database_sync_to_async(services.post_create)


@pytest.mark.parametrize("language", ["sv", "en"])
async def test_a_reader_not_signed_in_gets_the_post_inside_its_event(language):
    idea, writer = await database_sync_to_async(idea_and_writer)()
    client = await subscribed(f"idea.{idea.pk}", lang=language)
    try:
        written = await post(actor=writer, target=idea, body="Laddstolpar i Kista.")
        frame = await client.receive_json_from(timeout=2)
        assert (frame["event"], frame["data"]["post_id"]) == (
            "post.created",
            written.pk,
        )
        assert "Laddstolpar i Kista." in frame["html"]
        expected = await database_sync_to_async(fragment_as_everyone_sees_it)(
            written.pk, language
        )
        assert frame["html"] == expected
    finally:
        await client.disconnect()


async def test_a_page_in_an_unknown_language_gets_the_sites_default():
    idea, writer = await database_sync_to_async(idea_and_writer)()
    client = await subscribed(f"idea.{idea.pk}", lang="xx")
    try:
        written = await post(actor=writer, target=idea, body="Vilket språk?")
        frame = await client.receive_json_from(timeout=2)
        expected = await database_sync_to_async(fragment_as_everyone_sees_it)(
            written.pk, "sv"
        )
        assert frame["html"] == expected
    finally:
        await client.disconnect()


async def test_a_signed_in_reader_gets_the_event_alone_and_fetches_the_post():
    idea, writer = await database_sync_to_async(idea_and_writer)()
    reader = await database_sync_to_async(VerifiedUserFactory)()
    client = await subscribed(f"idea.{idea.pk}", lang="sv", user=reader)
    try:
        await post(actor=writer, target=idea, body="Bara händelsen.")
        frame = await client.receive_json_from(timeout=2)
        assert frame["event"] == "post.created"
        assert "html" not in frame
    finally:
        await client.disconnect()


async def test_forty_readers_on_one_post_cost_one_render():
    idea, writer = await database_sync_to_async(idea_and_writer)()
    stream = f"idea.{idea.pk}"
    clients = [await subscribed(stream, lang="sv") for _ in range(40)]
    try:
        with PostRenders() as renders:
            await post(actor=writer, target=idea, body="En gång för alla.")
            frames = await asyncio.gather(
                *(c.receive_json_from(timeout=5) for c in clients)
            )
        assert renders.count == 1
        assert {f["html"] for f in frames} == {frames[0]["html"]}
        assert "En gång för alla." in frames[0]["html"]
    finally:
        for client in clients:
            await client.disconnect()


def test_a_hidden_posts_text_never_travels(moderator):
    idea, writer = idea_and_writer()
    written = PostFactory(idea=idea, author=writer, body="Hemlig text här.")
    assert post_hide(actor=moderator, post=written, reason="Personuppgifter")
    data = {"post_id": written.pk}
    html = rendered("token-hidden", "post.hidden", data, "sv")
    assert "Hemlig text här." not in html
    assert "Personuppgifter" in html  # the public reason, as on the page
    assert rendered("token-created", "post.created", data, "sv") == html


def test_a_post_whose_discussion_is_not_public_is_not_rendered(moderator):
    from ideas.moderation import idea_hide

    idea, writer = idea_and_writer()
    written = PostFactory(idea=idea, author=writer, body="Bakom en dold idé.")
    idea_hide(actor=moderator, idea=idea, reason="Dubblett")
    assert (
        rendered("token-idea-hidden", "post.created", {"post_id": written.pk}, "sv")
        is None
    )


def test_a_second_process_takes_the_html_from_the_shared_cache():
    idea, writer = idea_and_writer()
    written = PostFactory(idea=idea, author=writer, body="Delad text.")
    with PostRenders() as renders:
        first = rendered("token-shared", "post.created", {"post_id": written.pk}, "sv")
        again = rendered("token-shared", "post.created", {"post_id": written.pk}, "sv")
    assert first == again
    assert "Delad text." in first
    assert renders.count == 1
