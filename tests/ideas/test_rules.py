"""Who may do what with ideas: role × state, for every idea permission."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Organisation, Role
from ideas.models import IdeaStatus
from tests.accounts.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.ideas.factories import IdeaFactory, StaffFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous", "unverified", "resident", "company", "academia", "city_staff",
    "moderator", "author",
)  # fmt: skip
STATES = ("published", "draft", "hidden", "accepted")


def person(role: str, idea):
    if role == "anonymous":
        return AnonymousUser()
    if role == "unverified":
        return UserFactory()
    if role == "author":
        return idea.author
    if role in ("company", "academia"):
        member = VerifiedUserFactory(role=Role(role))
        kind = (
            Organisation.Kind.COMPANY
            if role == "company"
            else Organisation.Kind.ACADEMIA
        )
        MembershipFactory(
            user=member, organisation=OrganisationFactory(kind=kind, verified=True)
        )
        return member
    if role == "city_staff":
        return StaffFactory()
    if role == "moderator":
        return StaffFactory(group="Moderators")
    return VerifiedUserFactory()


def idea_in(state: str, goals):
    if state == "draft":
        return IdeaFactory(goals=goals, published_at=None)
    if state == "hidden":
        from django.utils import timezone

        return IdeaFactory(goals=goals, hidden_at=timezone.now(), hidden_reason="R")
    if state == "accepted":
        return IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    return IdeaFactory(goals=goals)


# (permission, role, state) → allowed. Everything not listed is refused.
TAKE_PART = {"resident", "company", "academia", "city_staff", "moderator", "author"}
EXPECTED = {
    "ideas.add_idea": {(r, s) for r in TAKE_PART for s in STATES},
    "ideas.change_idea": {("author", s) for s in STATES},
    "ideas.view_idea": {
        *((r, s) for r in ROLES for s in ("published", "accepted")),
        ("author", "draft"),
        ("author", "hidden"),
        ("moderator", "draft"),
        ("moderator", "hidden"),
    },  # fmt: skip
    "ideas.support_idea": {
        (r, s) for r in TAKE_PART - {"author"} for s in ("published", "accepted")
    },
    "ideas.flag_idea": {
        (r, s) for r in TAKE_PART - {"author"} for s in ("published", "accepted")
    },
    "ideas.change_status_idea": {
        (r, s) for r in ("city_staff", "moderator") for s in STATES
    },
    "ideas.answer_idea": {(r, s) for r in ("city_staff", "moderator") for s in STATES},
    "ideas.moderate_idea": {("moderator", s) for s in STATES},
    "ideas.promote_idea": {("moderator", s) for s in STATES},
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_role_by_state_matrix(role, state, goals):
    idea = idea_in(state, goals)
    user = person(role, idea)
    for permission, allowed in EXPECTED.items():
        expected = (role, state) in allowed
        assert user.has_perm(permission, idea) is expected, (permission, role, state)
