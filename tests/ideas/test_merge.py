"""Marking an idea as a duplicate carries its people to the original: its
supports (without double counting), its followers, and its comments, shown on
the original under "From the merged idea"; both timelines say so, and
everyone who took part is told once where the conversation went."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from forum import services as forum
from ideas import supports, workflow
from ideas.models import Idea, IdeaStatus, Support
from notifications.messages import message_for
from notifications.models import Follow, Notification, NotificationKind
from notifications.services import follow_add
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def followers(idea: Idea) -> list[int]:
    kind = ContentType.objects.get_for_model(Idea)
    rows = Follow.objects.filter(content_type=kind, object_id=idea.pk)
    return sorted(rows.values_list("user_id", flat=True))


@pytest.fixture
def merged(moderator, goals, django_capture_on_commit_callbacks):
    original = IdeaFactory(goals=goals, title="Laddstolpar vid torget")
    duplicate = IdeaFactory(goals=goals, title="Fler laddstolpar")
    both, only_dup, watcher, commenter = VerifiedUserFactory.create_batch(4)
    follow_add(actor=original.author, target=original, check=False)
    follow_add(actor=duplicate.author, target=duplicate, check=False)
    for person in (both, only_dup):
        supports.support_add(actor=person, idea=duplicate)  # supporters follow
    supports.support_add(actor=both, idea=original)
    follow_add(actor=watcher, target=duplicate, check=False)
    forum.post_create(actor=commenter, target=duplicate, body="Vid biblioteket också!")
    forum.post_create(actor=only_dup, target=duplicate, body="Och vid skolan.")
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.idea_status_change(
            actor=moderator,
            idea=duplicate,
            status=IdeaStatus.DUPLICATE,
            reason="Samma förslag som vid torget.",
            duplicate_of=original,
        )
    people = {"both": both, "only_dup": only_dup, "watcher": watcher,
              "commenter": commenter}  # fmt: skip
    return original, duplicate, people


def test_supports_followers_and_comments_appear_once_on_the_original(merged, client):
    original, duplicate, people = merged
    original.refresh_from_db()
    # Supports: each person once, the count equal to the rows.
    rows = Support.objects.filter(idea=original)
    assert sorted(rows.values_list("user_id", flat=True)) == sorted(
        [people["both"].pk, people["only_dup"].pk]
    )
    assert original.support_count == rows.count() == 2
    assert not Support.objects.filter(idea=duplicate).exists()
    # Followers: everyone who followed either, once; none left on the duplicate.
    expected = {original.author_id, duplicate.author_id, people["both"].pk,
                people["only_dup"].pk, people["watcher"].pk}  # fmt: skip
    assert followers(original) == sorted(expected)
    assert followers(duplicate) == []
    # Comments: on the original's page, once, under the merged idea's heading.
    page = client.get(original.get_absolute_url()).content.decode()
    assert page.count("Vid biblioteket också!") == 1
    assert page.count("Och vid skolan.") == 1
    assert "Från den sammanslagna idén ”Fler laddstolpar”" in page
    # Timelines: the original names the merged idea, the duplicate its status.
    assert "”Fler laddstolpar” slogs ihop med den här idén" in page
    assert duplicate.status_changes.get().new_status == IdeaStatus.DUPLICATE


def test_everyone_who_took_part_is_told_once_where_the_conversation_went(merged):
    original, duplicate, people = merged
    told = Notification.objects.filter(kind=NotificationKind.MERGED)
    expected = {duplicate.author_id, people["both"].pk, people["only_dup"].pk,
                people["watcher"].pk, people["commenter"].pk}  # fmt: skip
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(expected)
    assert not Notification.objects.exclude(kind=NotificationKind.MERGED).exists()
    notice = told.first()
    assert notice.url == original.get_absolute_url() + "#merged"
    with translation.override("sv"):
        said = message_for(notice)
    assert "”Fler laddstolpar” upprepade ”Laddstolpar vid torget”" in said
    assert "Motivering: Samma förslag som vid torget." in said


def test_the_original_page_reads_merged_comments_in_constant_queries(
    merged, client, django_assert_max_num_queries, goals
):
    original, _duplicate, _people = merged
    url = original.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for n in range(3):
        more = IdeaFactory(goals=goals, title=f"Ännu en kopia {n}")
        forum.post_create(actor=VerifiedUserFactory(), target=more, body=f"Kopia {n}")
        Idea.objects.filter(pk=more.pk).update(
            status=IdeaStatus.DUPLICATE, duplicate_of=original
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Kopia 2" in page
