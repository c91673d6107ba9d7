import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, OrganisationFlag, Role, User
from accounts.services import user_refresh_role
from forum.models import PostFlag
from ideas.models import FlagReason, Idea
from notifications.models import Notification, NotificationKind
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.backoffice.factories import FlagFactory
from tests.forum.factories import PostFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def report_post(post, reason=FlagReason.SPAM, text=""):
    return PostFlag.objects.create(
        post=post, user=VerifiedUserFactory(), reason=reason, text=text
    )


def test_an_idea_nobody_reported_is_never_in_the_queue(moderator_client):
    quiet = IdeaFactory(title="Ingen har anmält mig")
    IdeaFactory(hidden_at=timezone.now(), hidden_reason="Tidigare dold.")
    reported = FlagFactory(text="Hets").idea
    answered = FlagFactory()
    answered.resolved_at = timezone.now()
    answered.save()
    response = moderator_client.get(reverse("backoffice_moderation:index"))
    items = [(r.kind, r.item.pk) for r in response.context["items"]]
    assert items == [("idea", reported.pk)]
    assert quiet.title not in response.content.decode()


def test_ideas_and_posts_share_one_queue_oldest_report_first_with_the_facts(
    moderator_client,
):
    author = VerifiedUserFactory(display_name="Återfallaren")
    IdeaFactory(author=author, hidden_at=timezone.now(), hidden_reason="Spam förut.")
    post = PostFactory(author=author, body="Köp billiga klockor")
    report_post(post, text="Reklam")
    report_post(post)
    idea = IdeaFactory(author=author)
    FlagFactory(idea=idea, reason=FlagReason.PERSONAL_DATA, text="Mitt telefonnummer")
    response = moderator_client.get(reverse("backoffice_moderation:index"))
    items = response.context["items"]
    assert [(r.kind, r.item.pk) for r in items] == [
        ("post", post.pk),
        ("idea", idea.pk),
    ]
    assert [r.reporters for r in items] == [2, 1]
    assert [r.earlier_hides for r in items] == [1, 1]
    html = response.content.decode()
    for text in ("Köp billiga klockor", "Reklam", "Mitt telefonnummer", "Återfallaren"):
        assert text in html


def test_the_queue_asks_the_database_the_same_number_of_times_for_more_reports(
    moderator_client, django_assert_max_num_queries
):
    url = reverse("backoffice_moderation:index")
    FlagFactory()
    report_post(PostFactory())
    moderator_client.get(url)
    with django_assert_max_num_queries(40) as few:
        moderator_client.get(url)
    for _n in range(10):
        FlagFactory()
        report_post(PostFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(moderator_client.get(url).context["items"]) == 22


def test_hiding_tells_the_author_with_the_public_reason_by_mail(
    moderator_client, django_capture_on_commit_callbacks
):
    flag = FlagFactory()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("backoffice_moderation:idea", args=[flag.idea_id]),
            {"action": "hide", "reason": "Personangrepp."},
        )
    idea = Idea.objects.get(pk=flag.idea_id)
    assert idea.hidden_reason == "Personangrepp."
    notice = Notification.objects.get(
        recipient=idea.author, kind=NotificationKind.CONTENT_HIDDEN
    )
    assert notice.params["reason"] == "Personangrepp."
    assert [m.to for m in mail.outbox] == [[idea.author.email]]
    assert "Personangrepp." in mail.outbox[0].body


def test_suspending_the_author_of_a_post_tells_them_why(
    moderator_client, django_capture_on_commit_callbacks
):
    post = PostFactory()
    report_post(post)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("backoffice_moderation:post", args=[post.pk]),
            {"action": "suspend", "reason": "Upprepad reklam.", "days": "7"},
        )
    assert response.status_code == 302
    post.author.refresh_from_db()
    assert post.author.is_suspended
    assert (
        Notification.objects.get(
            recipient=post.author, kind=NotificationKind.SUSPENDED
        ).params["reason"]
        == "Upprepad reklam."
    )
    assert "Upprepad reklam." in mail.outbox[-1].body


def test_a_hide_without_a_reason_is_refused_and_explained(moderator_client):
    flag = FlagFactory()
    response = moderator_client.post(
        reverse("backoffice_moderation:idea", args=[flag.idea_id]),
        {"action": "hide", "reason": "  "},
        follow=True,
    )
    assert Idea.objects.get(pk=flag.idea_id).hidden_at is None
    assert (
        "Public reason" in response.content.decode()
        or "Offentlig" in response.content.decode()
    )


def test_dismissing_closes_the_reports(moderator_client):
    flag = FlagFactory()
    moderator_client.post(
        reverse("backoffice_moderation:idea", args=[flag.idea_id]),
        {"action": "dismiss"},
    )
    flag.refresh_from_db()
    assert flag.resolved_at is not None
    assert (
        moderator_client.get(reverse("backoffice_moderation:index")).context["total"]
        == 0
    )


def test_a_reported_organisation_is_in_the_queue_and_can_lose_its_verification(
    moderator_client, django_capture_on_commit_callbacks
):
    admin = VerifiedUserFactory()
    organisation = OrganisationFactory(verified=True, name="Falska Bolaget AB")
    MembershipFactory(user=admin, organisation=organisation, role=Membership.Role.ADMIN)
    user_refresh_role(user=admin)
    reader = Client()
    reader.force_login(VerifiedUserFactory())
    reader.post(
        reverse("accounts:organisation_flag", args=[organisation.slug]),
        {"reason": FlagReason.OTHER, "text": "Webbplatsen tillhör någon annan."},
    )
    response = moderator_client.get(reverse("backoffice_moderation:index"))
    assert [(r.kind, r.item.pk) for r in response.context["items"]] == [
        ("organisation", organisation.pk)
    ]
    assert "Webbplatsen tillhör någon annan." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("backoffice_moderation:organisation", args=[organisation.pk]),
            {
                "action": "hide",
                "reason": "Organisationsnumret hör till ett annat bolag.",
            },
        )
    organisation.refresh_from_db()
    assert not organisation.verified
    assert User.objects.get(pk=admin.pk).role == Role.RESIDENT
    notice = Notification.objects.get(
        recipient=admin, kind=NotificationKind.ORGANISATION_DECIDED
    )
    assert notice.params["withdrawn"] is True
    assert (
        moderator_client.get(reverse("backoffice_moderation:index")).context["total"]
        == 0
    )


def test_members_cannot_report_their_own_organisation(client):
    member = VerifiedUserFactory()
    organisation = OrganisationFactory()
    MembershipFactory(user=member, organisation=organisation)
    client.force_login(member)
    client.post(
        reverse("accounts:organisation_flag", args=[organisation.slug]),
        {"reason": FlagReason.SPAM},
    )
    assert not OrganisationFlag.objects.exists()


def test_a_reported_comment_links_to_where_it_was_written(moderator_client):
    post = PostFactory()  # a comment on an idea: no thread
    report_post(post)
    html = moderator_client.get(reverse("backoffice_moderation:index")).content.decode()
    assert f'href="{post.idea.get_absolute_url()}#post-{post.pk}"' in html
    assert post.idea.title in html
