"""After "delete my account" nothing in the database still names the person.

A person with a lived-in account (ideas, a draft, posts, a thread, reactions,
supports, follows, reports, an organisation of their own with invitations sent,
an invitation received, other people notified of their posts, a signed-in
session) deletes it, keeping their contributions or not. Then every text and
JSON column of every table is searched for their display name, their e-mail
address and their id.
"""

import pytest
from django.db import connection
from django.test import Client

from accounts import organisations
from accounts import services as account_services
from forum import moderation as forum_moderation
from forum import services as forum_services
from ideas import services as idea_services
from ideas.supports import support_add
from notifications.services import follow_add
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.accounts.test_organisations import ACCEPT_URL
from tests.forum.factories import CategoryFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.ideas.test_services import data

pytestmark = pytest.mark.django_db
NAME = "Zyxel Raderasdotter"
EMAIL = "zyxel.raderas@example.org"
PERSON_ID = 987_654_321


def lived_in_account(goals, django_capture_on_commit_callbacks):
    person = VerifiedUserFactory(pk=PERSON_ID, display_name=NAME, email=EMAIL)
    neighbour, other = VerifiedUserFactory.create_batch(2)
    their_idea = IdeaFactory()
    follow_add(actor=neighbour, target=their_idea)
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_create(
            actor=person, data=data(goals, title="Sensorer i parken"), publish=True
        )
        idea_services.idea_create(actor=person, data=data(goals), publish=False)
        post = forum_services.post_create(
            actor=person,
            target=their_idea,
            body=f"Jag tycker till. @{neighbour.display_name}",
        )
        forum_services.thread_create(
            actor=person,
            category=CategoryFactory(),
            title="En fråga om parken",
            body="Vad tycker ni?",
        )
        reply = forum_services.post_create(
            actor=other, target=their_idea, body="Håller med", parent=post
        )
        forum_services.reaction_toggle(actor=person, post=reply, kind="like")
        forum_moderation.post_flag(actor=person, post=reply, reason="spam")
        support_add(actor=person, idea=their_idea)

        own = organisations.organisation_create(
            actor=person,
            name=f"{NAME} Konsult",
            kind="company",
            website="https://zyxel.example.org",
        )
        own.verified = True
        own.save(update_fields=["verified"])
        organisations.invitation_create(
            actor=person, organisation=own, email="kompis@example.org",
            accept_url=ACCEPT_URL,
        )  # fmt: skip
        elsewhere = OrganisationFactory(verified=True)
        inviter = VerifiedUserFactory()
        MembershipFactory(organisation=elsewhere, user=inviter, role="admin")
        organisations.invitation_create(
            actor=inviter, organisation=elsewhere, email=EMAIL, accept_url=ACCEPT_URL
        )
    Client().force_login(person)  # a session in the database
    return person


def residue(*needles: str) -> list[str]:
    """Every (table.column: needle) where a value, read as text, holds a needle.
    Every column of every table: text and JSON, search vectors, and numbers
    too (a generic reference to the person's id would be one)."""
    found = []
    introspection = connection.introspection
    with connection.cursor() as cursor:
        for table in introspection.table_names(cursor):
            for column in introspection.get_table_description(cursor, table):
                quoted = f"{connection.ops.quote_name(table)}." + (
                    connection.ops.quote_name(column.name)
                )
                as_text = f"CAST({quoted} AS TEXT)"
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "  # noqa: S608 - names from introspection
                        f"WHERE LOWER({as_text}) LIKE %s",
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        found.append(f"{table}.{column.name}: {needle}")
    return found


@pytest.mark.parametrize("keep", [False, True], ids=["delete-all", "keep-public"])
def test_deletion_leaves_no_name_address_or_id_anywhere(
    keep, goals, django_capture_on_commit_callbacks
):
    person = lived_in_account(goals, django_capture_on_commit_callbacks)
    # The first name alone finds the name in search vectors, word by word.
    needles = (NAME, EMAIL, str(PERSON_ID), NAME.split()[0])
    assert len(residue(*needles)) >= 5  # the scan finds what is there

    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_delete(
            actor=person, user=person, keep_contributions=keep
        )

    assert residue(*needles) == []
