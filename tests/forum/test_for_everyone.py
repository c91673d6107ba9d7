"""Readers who are not signed in share one rendering of each post
(forum/for_everyone.py): whatever changes what a post shows (an edit, a
like, a reply, a hide, the author's new name) is on the next such reader's
page; signed-in readers still get their own buttons."""

import pytest
from django.utils import translation

from forum import moderation, services
from forum.models import Post
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def page(client, idea) -> str:
    with translation.override("sv"):
        return client.get(idea.get_absolute_url()).content.decode()


@pytest.fixture
def discussed(resident):
    idea = IdeaFactory()
    post = services.post_create(actor=resident, target=idea, body="Fler cykelställ")
    return idea, post


def test_an_edit_a_like_and_a_reply_each_reach_the_next_reader(client, discussed):
    idea, post = discussed
    assert "Fler cykelställ" in page(client, idea)
    services.post_edit(actor=post.author, post=post, body="Fler låsbara cykelställ")
    assert "Fler låsbara cykelställ" in page(client, idea)
    assert "1 gillar" not in page(client, idea)
    services.reaction_toggle(actor=VerifiedUserFactory(), post=post, kind="like")
    assert "1 gillar" in page(client, idea)
    services.post_create(
        actor=VerifiedUserFactory(), target=idea, body="Håller med", parent=post
    )
    assert "Håller med" in page(client, idea)


def test_a_hidden_post_and_a_renamed_author_reach_the_next_reader(
    client, discussed, moderator
):
    idea, post = discussed
    assert post.author.display_name in page(client, idea)
    post.author.display_name = "Signe Nyname"
    post.author.save()
    assert "Signe Nyname" in page(client, idea)
    moderation.post_hide(
        actor=moderator, post=Post.objects.get(pk=post.pk), reason="Personangrepp"
    )
    assert "Fler cykelställ" not in page(client, idea)


def test_a_signed_in_reader_gets_their_own_buttons(client, discussed):
    idea, _post = discussed
    assert "data-reaction-form" not in page(client, idea)  # cached for everyone
    client.force_login(VerifiedUserFactory())
    assert "data-reaction-form" in page(client, idea)
