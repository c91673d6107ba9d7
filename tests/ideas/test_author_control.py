"""The author's control after others joined (issue 18, part 7): edits are free
until the first support, then shown as edited with a rendered difference and
told to supporters; an author withdraws instead of deleting; up to four
co-authors, invited by e-mail, edit the idea and are shown on it."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from ideas import co_authors, services, supports, workflow
from ideas.models import CoAuthor, IdeaRevision, IdeaStatus, StatusChange, Support
from ideas.participation import participation_get
from notifications.messages import message_for
from notifications.models import Delivery, Notification, NotificationKind
from notifications.services import delivery_for, follow_add, preferences_update
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.ideas.test_services import data
from tests.ideas.test_supports import _in_threads

pytestmark = pytest.mark.django_db

EDITED = NotificationKind.IDEA_EDITED


@pytest.fixture
def idea(resident, goals):
    return services.idea_create(
        actor=resident,
        data=data(goals, body="Lås som **hemtjänsten** öppnar med mobilen."),
        publish=True,
    )


def edit(actor, idea, goals, capture, **fields):
    with capture(execute=True):
        return services.idea_update(actor=actor, idea=idea, data=data(goals, **fields))


def edited_notices(person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, kind=EDITED))


# --- Edits


def test_before_the_first_support_an_edit_leaves_no_trace(
    idea, resident, goals, django_capture_on_commit_callbacks
):
    assert edit(resident, idea, goals, django_capture_on_commit_callbacks, title="Ny")
    idea.refresh_from_db()
    assert idea.title == "Ny" and idea.edited_at is None
    assert not IdeaRevision.objects.exists()
    assert not Notification.objects.filter(kind=EDITED).exists()


def test_after_support_an_edit_is_kept_shown_and_told_once_until_read(
    idea, resident, goals, django_capture_on_commit_callbacks
):
    early, late, bystander = VerifiedUserFactory.create_batch(3)
    supports.support_add(actor=early, idea=idea)
    supports.support_add(actor=late, idea=idea)
    follow_add(actor=bystander, target=idea)
    capture = django_capture_on_commit_callbacks

    assert edit(resident, idea, goals, capture, body="Lås som alla kan öppna.")
    idea.refresh_from_db()
    assert idea.edited_at is not None
    (revision,) = IdeaRevision.objects.filter(idea=idea)
    assert revision.edited_by == resident
    assert "hemtjänsten" in revision.body
    for supporter in (early, late):
        (notice,) = edited_notices(supporter)
        assert notice.url == reverse("ideas:history", args=[idea.pk])
        # the default for new accounts: in the daily digest
        supporter.refresh_from_db()
        assert delivery_for(supporter.notification_preferences, EDITED) == "digest"
        with translation.override("sv"):
            assert idea.title in message_for(notice)
    assert edited_notices(bystander) == [] and edited_notices(resident) == []

    # A second edit before they read the first: still one notice each.
    assert edit(resident, idea, goals, capture, body="Lås som alla öppnar.")
    assert len(edited_notices(early)) == 1
    # Once read, the next edit is news again.
    Notification.objects.filter(recipient=early).update(read_at=timezone.now())
    assert edit(resident, idea, goals, capture, body="Lås för alla.")
    assert len(edited_notices(early)) == 2 and len(edited_notices(late)) == 1
    assert IdeaRevision.objects.filter(idea=idea).count() == 3


def test_edits_follow_the_choice_made_for_status_changes(
    idea, resident, goals, django_capture_on_commit_callbacks
):
    quiet = VerifiedUserFactory()
    preferences_update(
        actor=quiet, choices={NotificationKind.STATUS_CHANGED: Delivery.IN_APP}
    )
    supports.support_add(actor=quiet, idea=idea)
    edit(resident, idea, goals, django_capture_on_commit_callbacks, title="Annat")
    assert len(edited_notices(quiet)) == 1
    quiet.refresh_from_db()
    assert delivery_for(quiet.notification_preferences, EDITED) == Delivery.IN_APP
    assert delivery_for({}, EDITED) == Delivery.DIGEST


def test_the_history_shows_the_rendered_difference(
    client, idea, resident, goals, django_capture_on_commit_callbacks
):
    supports.support_add(actor=VerifiedUserFactory(), idea=idea)
    edit(
        resident, idea, goals, django_capture_on_commit_callbacks,
        title="Smarta lås för alla",
        body="Lås som **alla** öppnar med mobilen.\n\n<script>alert(1)</script>",
    )  # fmt: skip
    page = client.get(reverse("ideas:history", args=[idea.pk])).content.decode()
    assert "<del>hemtjänsten</del>" in page
    assert "<ins>alla</ins>" in page and "<strong>" in page
    assert "**" not in page  # rendered, not Markdown
    assert "<script>alert" not in page
    assert re.search(r"<del>i\s+hemtjänsten</del>\s*<ins>för\s+alla</ins>", page)


def test_a_supporter_sees_that_the_idea_changed_since_they_supported(
    client, idea, resident, goals, django_capture_on_commit_callbacks
):
    before, after = VerifiedUserFactory.create_batch(2)
    supports.support_add(actor=before, idea=idea)
    edit(resident, idea, goals, django_capture_on_commit_callbacks, title="Ändrad")
    supports.support_add(actor=after, idea=idea)
    notice = "Idén har ändrats sedan du stödde den."
    client.force_login(before)
    assert notice in client.get(idea.get_absolute_url(), follow=True).content.decode()
    client.force_login(after)
    assert (
        notice not in client.get(idea.get_absolute_url(), follow=True).content.decode()
    )


# --- Withdrawing


def test_the_author_withdraws_with_a_reason_and_everyone_involved_is_told(
    idea, resident, django_capture_on_commit_callbacks
):
    supporter, follower = VerifiedUserFactory.create_batch(2)
    supports.support_add(actor=supporter, idea=idea)
    follow_add(actor=follower, target=idea)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.idea_withdraw(
            actor=resident, idea=idea, reason="Staden gör redan detta."
        )
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.WITHDRAWN
    change = StatusChange.objects.get(idea=idea)
    assert change.reason == "Staden gör redan detta." and change.actor == resident
    for person in (supporter, follower):
        (notice,) = Notification.objects.filter(recipient=person)
        assert notice.kind == NotificationKind.STATUS_CHANGED
        assert notice.url.endswith("#timeline")
        with translation.override("sv"):
            text = message_for(notice)
        assert "Tillbakadragen" in text and "Staden gör redan detta." in text
        assert "av sin författare" in text
    assert not Notification.objects.filter(recipient=resident).exists()
    # Support is closed, the text is frozen, and it cannot be withdrawn twice.
    with pytest.raises(ValidationError):
        supports.support_add(actor=VerifiedUserFactory(), idea=idea)
    with pytest.raises(ValidationError):
        services.idea_update(actor=resident, idea=idea, data=data([]))
    with pytest.raises(ValidationError):
        workflow.idea_withdraw(actor=resident, idea=idea, reason="Igen.")
    assert Support.objects.filter(idea=idea).count() == idea.support_count == 1


def test_only_the_author_withdraws_and_only_with_a_reason(
    idea, resident, other_resident, moderator
):
    for someone in (other_resident, moderator):
        with pytest.raises(PermissionDenied):
            workflow.idea_withdraw(actor=someone, idea=idea, reason="Nej.")
    with pytest.raises(ValidationError) as error:
        workflow.idea_withdraw(actor=resident, idea=idea, reason=" \x00 ")
    assert "reason" in error.value.message_dict
    idea.status = IdeaStatus.PROJECT
    idea.save(update_fields=["status"])
    with pytest.raises(ValidationError):
        workflow.idea_withdraw(actor=resident, idea=idea, reason="För sent.")
    assert not StatusChange.objects.exists()


def test_withdrawing_through_the_page(client, idea, resident):
    client.force_login(resident)
    url = reverse("ideas:withdraw", args=[idea.pk])
    page = client.get(url).content.decode()
    assert "Dra tillbaka idén" in page
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 400
    done = client.post(url, {"reason": "Vi tänkte om."}, follow=True)
    assert "Du har dragit tillbaka idén." in done.content.decode()
    assert "Vi tänkte om." in done.content.decode()
    assert "av författaren" in done.content.decode()
    client.force_login(VerifiedUserFactory())
    assert client.get(url).status_code == 403


# --- Co-authors


def invite(actor, idea, email, capture):
    with capture(execute=True):
        return co_authors.co_author_invite(actor=actor, idea=idea, email=email)


def link_in_mail(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def accept_link(client, link):
    return client.post(urlsplit(link).path, follow=True)


def test_a_co_author_is_invited_by_mail_accepts_edits_and_is_shown(
    client, idea, resident, goals, django_capture_on_commit_callbacks
):
    writer = VerifiedUserFactory(display_name="Ada Medförfattare")
    invite(resident, idea, writer.email.upper(), django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == [writer.email.upper()]
    assert idea.title in message.body
    link = link_in_mail(message)
    assert "/ideas/co-authors/" in link

    client.force_login(writer)
    page = accept_link(client, link)
    assert "Du är nu medförfattare till idén." in page.content.decode()
    assert "Ada Medförfattare" in page.content.decode()  # shown on the idea
    co_author = CoAuthor.objects.get(idea=idea)
    assert co_author.user == writer and co_author.accepted_at is not None

    assert writer.has_perm("ideas.change_idea", idea)
    assert not writer.has_perm("ideas.support_idea", idea)
    assert not writer.has_perm("ideas.withdraw_idea", idea)
    assert not writer.has_perm("ideas.invite_co_author", idea)
    supports.support_add(actor=VerifiedUserFactory(), idea=idea)
    edit(writer, idea, goals, django_capture_on_commit_callbacks, title="Gemensam")
    assert IdeaRevision.objects.get(idea=idea).edited_by == writer
    # Used once: a second account with the link gets nowhere.
    client.force_login(VerifiedUserFactory())
    assert accept_link(client, link).status_code == 400


def test_the_invitation_is_for_the_address_it_was_sent_to(
    client, idea, resident, django_capture_on_commit_callbacks
):
    invite(resident, idea, "ny@example.org", django_capture_on_commit_callbacks)
    link = link_in_mail(mail.outbox[0])
    client.force_login(VerifiedUserFactory(email="annan@example.org"))
    refused = accept_link(client, link)
    assert refused.status_code == 400
    assert "en annan e-postadress" in refused.content.decode()
    assert not CoAuthor.objects.filter(user__isnull=False).exists()
    # Signed out, the page says what it is and how to go on.
    client.logout()
    page = client.get(urlsplit(link).path).content.decode()
    assert "ny@example.org" in page and idea.title in page


def test_at_most_four_co_authors_each_address_once_never_oneself(
    idea, resident, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    for n in range(co_authors.MAX_CO_AUTHORS):
        invite(resident, idea, f"person{n}@example.org", capture)
    for email in ("person5@example.org", "PERSON0@example.org", resident.email):
        with pytest.raises(ValidationError) as error:
            invite(resident, idea, email, capture)
        assert "email" in error.value.message_dict
    with pytest.raises(ValidationError):
        invite(resident, idea, "inte en adress\x00", capture)
    assert CoAuthor.objects.filter(idea=idea).count() == co_authors.MAX_CO_AUTHORS
    assert len(mail.outbox) == co_authors.MAX_CO_AUTHORS
    # Withdrawing one invitation makes room, and forgets the address.
    first = CoAuthor.objects.filter(idea=idea).first()
    assert co_authors.co_author_end(actor=resident, co_author=first)
    first.refresh_from_db()
    assert first.ended_at is not None and first.email == ""
    invite(resident, idea, "person5@example.org", capture)


def test_only_the_author_invites(idea, other_resident):
    with pytest.raises(PermissionDenied):
        co_authors.co_author_invite(
            actor=other_resident, idea=idea, email="x@example.org"
        )


class SignedLongAgo(signing.TimestampSigner):
    """Signs with the real key and salt, dated fifteen days back."""

    def timestamp(self) -> str:
        then = timezone.now() - timedelta(days=15)
        return signing.b62_encode(int(then.timestamp()))


def test_ended_and_expired_links_do_not_work(
    idea, resident, django_capture_on_commit_callbacks
):
    person = VerifiedUserFactory()
    co_author = invite(resident, idea, person.email, django_capture_on_commit_callbacks)
    token = co_authors.invitation_token(co_author)
    co_authors.co_author_end(actor=resident, co_author=co_author)
    with pytest.raises(ValidationError, match="dragit tillbaka|withdrawn"):
        co_authors.co_author_accept(actor=person, token=token)
    again = invite(resident, idea, person.email, django_capture_on_commit_callbacks)
    valid = co_authors.invitation_token(again)
    # The same invitation's link as it would have been signed fifteen days ago.
    expired = SignedLongAgo(salt="ideas.co_author").sign_object(again.pk)
    with pytest.raises(ValidationError, match="expired|gått ut"):
        co_authors.co_author_accept(actor=person, token=expired)
    for forged in ("", "abc", valid[:-2] + "xx", "1:" + valid.split(":", 1)[1]):
        with pytest.raises(ValidationError):
            co_authors.co_author_accept(actor=person, token=forged)
    assert co_authors.co_author_accept(actor=person, token=valid).user == person


def test_a_supporter_who_becomes_co_author_no_longer_counts_as_supporter(
    idea, resident, django_capture_on_commit_callbacks
):
    person = VerifiedUserFactory()
    supports.support_add(actor=person, idea=idea)
    co_author = invite(resident, idea, person.email, django_capture_on_commit_callbacks)
    co_authors.co_author_accept(
        actor=person, token=co_authors.invitation_token(co_author)
    )
    idea.refresh_from_db()
    assert idea.support_count == Support.objects.filter(idea=idea).count() == 0
    assert idea.support_role_counts.get("resident", 0) == 0


def test_a_co_author_leaves_or_is_removed_and_loses_the_pen(
    client, idea, resident, django_capture_on_commit_callbacks
):
    stays, leaves = VerifiedUserFactory.create_batch(2)
    for person in (stays, leaves):
        co_author = invite(
            resident, idea, person.email, django_capture_on_commit_callbacks
        )
        co_authors.co_author_accept(
            actor=person, token=co_authors.invitation_token(co_author)
        )
    client.force_login(leaves)
    mine = CoAuthor.objects.get(user=leaves)
    theirs = CoAuthor.objects.get(user=stays)
    url = reverse("ideas:co_authors", args=[idea.pk])
    # A co-author cannot remove another.
    assert (
        client.post(url, {"action": "end", "co_author": theirs.pk}).status_code == 403
    )
    client.post(url, {"action": "end", "co_author": mine.pk})
    assert not leaves.has_perm("ideas.change_idea", idea)
    assert client.get(url).status_code == 403
    client.force_login(resident)
    client.post(url, {"action": "end", "co_author": theirs.pk})
    assert not stays.has_perm("ideas.change_idea", idea)


def test_co_authored_ideas_are_among_my_ideas(
    client, idea, resident, django_capture_on_commit_callbacks
):
    person = VerifiedUserFactory()
    co_author = invite(resident, idea, person.email, django_capture_on_commit_callbacks)
    co_authors.co_author_accept(
        actor=person, token=co_authors.invitation_token(co_author)
    )
    found = participation_get(person)
    assert [i.pk for i in found.written] == [idea.pk]
    assert found.followed == []


# --- Races (PostgreSQL: real row locks)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_invitations_at_once_make_four_co_authors(goals):
    idea = IdeaFactory(goals=goals)
    work = [
        lambda n=n: co_authors.co_author_invite(
            actor=idea.author, idea=idea, email=f"p{n}@example.org"
        )
        for n in range(10)
    ]
    errors = _in_threads(work)
    assert len(errors) == 10 - co_authors.MAX_CO_AUTHORS
    assert all(isinstance(error, ValidationError) for error in errors)
    assert CoAuthor.objects.filter(idea=idea).count() == co_authors.MAX_CO_AUTHORS
    assert len(mail.outbox) == co_authors.MAX_CO_AUTHORS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_racing_supports_tells_every_supporter_once(goals):
    idea = IdeaFactory(goals=goals)
    people = VerifiedUserFactory.create_batch(12)
    work = [lambda p=p: supports.support_add(actor=p, idea=idea) for p in people]
    work.append(
        lambda: workflow.idea_withdraw(actor=idea.author, idea=idea, reason="Klart.")
    )
    errors = _in_threads(work)
    assert all(isinstance(error, ValidationError) for error in errors)
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.WITHDRAWN
    supporters = set(Support.objects.filter(idea=idea).values_list("user", flat=True))
    assert idea.support_count == len(supporters) == 12 - len(errors)
    told = Notification.objects.filter(kind=NotificationKind.STATUS_CHANGED)
    assert sorted(told.values_list("recipient", flat=True)) == sorted(supporters)
