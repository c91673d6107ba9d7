"""The daily digest: one e-mail per person per day, grouped by what they
follow, with a signed one-click unsubscribe link per kind."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from forum import services
from notifications.models import Delivery, Notification, NotificationKind
from notifications.services import follow_add
from notifications.unsubscribe import unsubscribe_token
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def digest_reader():
    return VerifiedUserFactory(
        display_name="Dora Digest",
        notification_preferences={NotificationKind.NEW_POST: Delivery.DIGEST},
    )


def test_one_digest_a_day_grouped_by_what_is_followed():
    reader = digest_reader()
    ideas = [IdeaFactory(title="Gröna tak"), IdeaFactory(title="Smarta soptunnor")]
    for idea in ideas:
        follow_add(actor=reader, target=idea, check=False)
    writers = VerifiedUserFactory.create_batch(3)
    services.post_create(actor=writers[0], target=ideas[0], body="Ett")
    services.post_create(actor=writers[1], target=ideas[0], body="Två")
    services.post_create(actor=writers[2], target=ideas[1], body="Tre")
    assert mail.outbox == []  # nothing right away for a digest reader

    call_command("send_digests", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reader.email]
    body = message.body
    assert body.index("== Gröna tak ==") < body.index("== Smarta soptunnor ==")
    assert body.count("skrev i ”Gröna tak”") == 2
    assert "/notifications/unsubscribe/" in body
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()

    services.post_create(actor=writers[0], target=ideas[1], body="Fyra")
    call_command("send_digests", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # never two in one day


def test_people_who_chose_immediate_or_the_site_get_no_digest():
    immediate = VerifiedUserFactory(
        notification_preferences={NotificationKind.NEW_POST: Delivery.EMAIL}
    )
    on_site = VerifiedUserFactory(
        notification_preferences={NotificationKind.NEW_POST: Delivery.IN_APP}
    )
    idea = IdeaFactory()
    for person in (immediate, on_site):
        follow_add(actor=person, target=idea, check=False)
    services.post_create(actor=VerifiedUserFactory(), target=idea, body="Hej")
    immediate_mail = [m for m in mail.outbox if m.to == [immediate.email]]
    assert len(immediate_mail) == 1
    assert "/notifications/unsubscribe/" in immediate_mail[0].body
    mail.outbox.clear()
    call_command("send_digests", stdout=io.StringIO())
    assert mail.outbox == []


def test_the_unsubscribe_link_asks_then_stops_that_kind_only(client, locales):
    reader = digest_reader()
    reader.notification_preferences[NotificationKind.MENTIONED] = Delivery.EMAIL
    reader.save()
    url = f"/sv/notifications/unsubscribe/{unsubscribe_token(reader, 'post.created')}/"
    assert "Sluta få" in client.get(url).content.decode()
    reader.refresh_from_db()
    assert reader.notification_preferences[NotificationKind.NEW_POST] == "digest"
    response = client.post(url)  # as a mail program would, without a session
    assert response.status_code == 200
    reader.refresh_from_db()
    assert reader.notification_preferences == {
        NotificationKind.NEW_POST: Delivery.IN_APP,
        NotificationKind.MENTIONED: Delivery.EMAIL,
    }


def test_a_tampered_unsubscribe_link_changes_nothing(client, locales):
    reader = digest_reader()
    token = unsubscribe_token(reader, "post.created")
    forged = re.sub(r"^.", lambda m: "b" if m.group(0) != "b" else "c", token)
    response = client.post(f"/sv/notifications/unsubscribe/{forged}/")
    assert response.status_code == 400
    reader.refresh_from_db()
    assert reader.notification_preferences[NotificationKind.NEW_POST] == "digest"


def test_a_new_account_hears_in_its_digest_what_became_of_an_idea_it_supports():
    from ideas import supports, workflow
    from tests.ideas.factories import StaffFactory

    supporter = VerifiedUserFactory()  # chose nothing: the defaults
    idea = IdeaFactory(title="Laddstolpar i Skärholmen")
    supports.support_add(actor=supporter, idea=idea)  # supporters follow
    workflow.idea_status_change(
        actor=StaffFactory(unit="Trafikkontoret"),
        idea=idea,
        status="accepted",
        reason="Passar strategin väl.",
    )
    assert mail.outbox == []  # a digest, not mail right away

    call_command("send_digests", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[supporter.email]]
    body = mail.outbox[0].body
    assert "har nu status: Antagen. Motivering: Passar strategin väl." in body
    assert "Beslutat av stadens medarbetare, Trafikkontoret." in body
    assert f"{idea.get_absolute_url()}#timeline" in body


def test_accounts_from_before_the_default_keep_what_they_had():
    import importlib

    from django.apps import apps

    from notifications.services import delivery_for

    migration = importlib.import_module(
        "notifications.migrations.0006_keep_existing_choices"
    )
    never_chose = VerifiedUserFactory()
    chose = VerifiedUserFactory(
        notification_preferences={NotificationKind.ANSWERED: Delivery.EMAIL}
    )
    migration.keep_existing_choices(apps, None)
    never_chose.refresh_from_db()
    chose.refresh_from_db()
    for kind in migration.KINDS:
        assert delivery_for(never_chose.notification_preferences, kind) == "in_app"
    assert chose.notification_preferences[NotificationKind.ANSWERED] == "email"
    assert chose.notification_preferences[NotificationKind.STATUS_CHANGED] == "in_app"
    # Kinds e-mailed by default before stay so.
    assert delivery_for(never_chose.notification_preferences, "content.hidden") == (
        "email"
    )
