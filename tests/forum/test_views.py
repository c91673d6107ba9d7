"""Discussion pages as plain HTML: reading with a constant number of queries,
posting without JavaScript, refused posts that keep the text, hidden text never
shown to readers, and the HTTP fallback for live updates."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from forum import services
from forum.models import Category, Post
from live import events
from live.models import StreamEvent
from tests.forum.factories import CategoryFactory, PostFactory, ThreadFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def idea_url(idea) -> str:
    with translation.override("sv"):
        return idea.get_absolute_url()


def comments_with_replies(idea, n: int) -> None:
    for _ in range(n):
        top = PostFactory(idea=idea)
        PostFactory(idea=idea, parent=top)
        PostFactory(idea=idea, parent=top, quote=top)


def test_the_discussion_has_a_constant_number_of_queries(
    client, resident, django_assert_max_num_queries
):
    idea = IdeaFactory()
    comments_with_replies(idea, 2)
    client.force_login(resident)
    with django_assert_max_num_queries(60) as few:
        client.get(idea_url(idea))
    comments_with_replies(idea, 15)
    with django_assert_max_num_queries(len(few)):
        response = client.get(idea_url(idea))
    assert response.content.decode().count('class="post') >= 20 * 3


def test_a_comment_works_without_javascript(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    response = client.post(
        sv("forum:post_create", "idea", idea.pk), {"body": "Bra idé, **ja**!"}
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{post.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "Bra idé, <strong>ja</strong>!" in page
    assert "Ditt inlägg har publicerats." in page


def test_a_refused_post_explains_and_keeps_the_text(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    text = "Lång text. " * 1000  # over 10,000 characters
    response = client.post(sv("forum:post_create", "idea", idea.pk), {"body": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "högst 10" in page
    assert text.strip()[:200] in page
    assert not Post.objects.exists()


def test_city_staff_answer_officially_and_are_offered_the_box_again_when_refused(
    client, resident, moderator
):
    idea = IdeaFactory()
    path = sv("forum:post_create", "idea", idea.pk)
    client.force_login(resident)
    client.post(path, {"body": "Jag är inte staden", "official": "on"})
    client.force_login(moderator)
    client.post(path, {"body": "Staden svarar", "official": "on"})
    refused = client.post(path, {"body": "Lång text. " * 1000})

    official = dict(Post.objects.values_list("body", "is_official"))
    assert official == {"Jag är inte staden": False, "Staden svarar": True}
    assert refused.status_code == 400
    assert 'name="official"' in refused.content.decode()


def test_a_reply_to_a_post_that_does_not_exist_is_refused(client, resident):
    idea = IdeaFactory()
    client.force_login(resident)
    response = client.post(
        sv("forum:post_create", "idea", idea.pk), {"body": "Svar", "parent": 999999}
    )
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_hidden_text_is_shown_to_moderators_only(client, resident, moderator):
    idea = IdeaFactory()
    post = PostFactory(
        idea=idea, body="Hemlig text", hidden_at=timezone.now(), hidden_reason="Spam"
    )
    client.force_login(resident)
    for url in (idea_url(idea), sv("forum:post_fragment", post.pk)):
        page = client.get(url).content.decode()
        assert "Hemlig text" not in page
        assert "Dold av en moderator: Spam" in page
    client.force_login(moderator)
    assert (
        "Hemlig text" in client.get(sv("forum:post_fragment", post.pk)).content.decode()
    )


def test_a_removed_post_shows_a_placeholder_and_its_replies(client, resident):
    idea = IdeaFactory()
    post = services.post_create(actor=resident, target=idea, body="Borta snart")
    PostFactory(idea=idea, parent=post, body="Svaret står kvar")
    services.post_remove(actor=resident, post=post)
    page = client.get(idea_url(idea)).content.decode()
    assert "Borttaget av skribenten." in page
    assert "Borta snart" not in page
    assert "Svaret står kvar" in page


def test_an_edited_post_links_to_its_history(client, resident):
    idea = IdeaFactory()
    post = services.post_create(actor=resident, target=idea, body="Först")
    client.force_login(resident)
    response = client.post(sv("forum:post_edit", post.pk), {"body": "Sedan"})
    assert response.status_code == 302
    history = client.get(sv("forum:post_history", post.pk)).content.decode()
    assert "Sedan" in history and "Först" in history
    assert (
        sv("forum:post_history", post.pk) in client.get(idea_url(idea)).content.decode()
    )


def test_someone_elses_post_cannot_be_edited(client, resident, other_resident):
    post = services.post_create(actor=resident, target=IdeaFactory(), body="Min")
    client.force_login(other_resident)
    assert client.get(sv("forum:post_edit", post.pk)).status_code == 403
    response = client.post(sv("forum:post_edit", post.pk), {"body": "Ändrad"})
    assert response.status_code == 400
    post.refresh_from_db()
    assert post.body == "Min"


def test_a_thread_is_started_and_listed(client, resident):
    category = CategoryFactory(name_sv="Mobilitet", slug="mobilitet")
    client.force_login(resident)
    response = client.post(
        sv("forum:thread_create", "mobilitet"),
        {"title": "Cykelparkering vid Slussen", "body": "Var ska cyklarna stå?"},
    )
    thread = category.threads.get()
    assert response["Location"] == thread.get_absolute_url()
    listing = client.get(sv("forum:category", "mobilitet")).content.decode()
    assert "Cykelparkering vid Slussen" in listing
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Var ska cyklarna stå?" in page
    assert f'data-live-stream="thread.{thread.pk}"' in page


def test_a_thread_without_a_title_is_refused(client, resident):
    CategoryFactory(slug="allmant")
    client.force_login(resident)
    response = client.post(sv("forum:thread_create", "allmant"), {"body": "Hej"})
    assert response.status_code == 400
    assert not Category.objects.get(slug="allmant").threads.exists()


def test_a_locked_thread_offers_no_form(client, resident):
    thread = ThreadFactory(locked=True)
    client.force_login(resident)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Tråden är låst" in page
    assert 'id="new-post"' not in page


class TestHttpFallback:
    def test_it_returns_the_events_after_since_then_the_last_id(self, client):
        idea = IdeaFactory()
        posts = [
            services.post_create(actor=VerifiedUserFactory(), target=idea, body=f"{n}")
            for n in range(3)
        ]
        stream = f"idea.{idea.pk}"
        frames = client.get(sv("live:events"), {"s": f"{stream}:1"}).json()["frames"]
        assert [(f["type"], f.get("id")) for f in frames] == [
            ("event", 2),
            ("event", 3),
            ("subscribed", None),
        ]
        assert frames[1]["data"]["post_id"] == posts[2].pk
        assert frames[2]["last_id"] == 3

    def test_other_peoples_streams_and_bad_input_get_error_frames(
        self, client, resident, other_resident
    ):
        client.force_login(resident)
        frames = client.get(
            sv("live:events"),
            {"s": [f"user.{other_resident.pk}:0", "idea.1:abc", "garbage", "x.1:0"]},
        ).json()["frames"]
        assert [f["code"] for f in frames] == [
            "forbidden",
            "bad_frame",
            "bad_frame",
            "unknown_stream",
        ]

    def test_a_stream_without_an_id_learns_only_where_it_stands(self, client, resident):
        idea = IdeaFactory()
        services.post_create(actor=VerifiedUserFactory(), target=idea, body="Ett")
        client.force_login(resident)
        frames = client.get(
            sv("live:events"),
            {"s": [f"idea.{idea.pk}:", f"user.{resident.pk}:", "user.999999:"]},
        ).json()["frames"]
        assert [(f["type"], f.get("last_id"), f.get("code")) for f in frames] == [
            ("subscribed", 1, None),
            ("subscribed", 0, None),
            ("error", None, "forbidden"),
        ]

    def test_a_since_older_than_the_kept_log_is_told_to_reload(self, client):
        idea = IdeaFactory()
        for n in range(3):
            services.post_create(actor=VerifiedUserFactory(), target=idea, body=f"{n}")
        StreamEvent.objects.filter(stream=f"idea.{idea.pk}", seq__lte=2).update(
            created_at=timezone.now() - timedelta(days=8)
        )
        assert events.events_prune(older_than_days=7) == 2
        frames = client.get(sv("live:events"), {"s": f"idea.{idea.pk}:0"}).json()[
            "frames"
        ]
        assert [f["code"] for f in frames] == ["reload"]
        frames = client.get(sv("live:events"), {"s": f"idea.{idea.pk}:2"}).json()[
            "frames"
        ]
        assert [f.get("id") for f in frames] == [3, None]


def test_thread_and_category_pages_have_a_constant_number_of_queries(
    client, resident, django_assert_max_num_queries
):
    category = CategoryFactory(slug="trafik")
    thread = ThreadFactory(category=category)
    PostFactory(idea=None, thread=thread)
    client.force_login(resident)
    urls = [thread.get_absolute_url(), sv("forum:category", "trafik")]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(60) as few:
            client.get(url)
        counts.append(len(few))
    for _ in range(12):
        top = PostFactory(idea=None, thread=thread)
        PostFactory(idea=None, thread=thread, parent=top)
        ThreadFactory(category=category)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


def test_a_thread_can_be_about_an_idea_and_bad_links_are_ignored(client, resident):
    idea = IdeaFactory(title="Smarta bänkar")
    CategoryFactory(slug="allmant")
    client.force_login(resident)
    index = client.get(sv("forum:index"), {"about": f"idea.{idea.pk}"}).content.decode()
    assert "Smarta bänkar" in index
    assert f"?about=idea.{idea.pk}" in index
    for about, expected in (
        (f"idea.{idea.pk}", idea),
        ("idea.999999", None),
        ("x", None),
    ):
        client.post(
            sv("forum:thread_create", "allmant"),
            {"title": f"Om {about}", "body": f"Text {about}", "about": about},
        )
        assert (
            Category.objects.get(slug="allmant").threads.get(title=f"Om {about}").idea
            == expected
        )
