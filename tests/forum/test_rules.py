"""Who may do what in discussions, as a matrix of roles and post states."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tests.forum.factories import PostFactory
from tests.ideas.factories import StaffFactory, UserFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def people():
    return {
        "anonymous": AnonymousUser(),
        "unverified": UserFactory(),
        "resident": VerifiedUserFactory(),
        "suspended": VerifiedUserFactory(
            suspended_until=timezone.now() + timedelta(days=1)
        ),
        "city staff": StaffFactory(),
        "moderator": StaffFactory(group="Moderators"),
    }


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        ("forum.add_post", {"resident", "city staff", "moderator"}),
        ("forum.answer_officially", {"city staff", "moderator"}),
        ("forum.moderate_post", {"moderator"}),
        ("forum.suspend_user", {"moderator"}),
    ],
)
def test_role_permissions(perm, allowed):
    for role, person in people().items():
        assert person.has_perm(perm) == (role in allowed), (perm, role)


@pytest.mark.parametrize(
    ("state", "others_may_react", "author_may_edit"),
    [
        ({}, True, True),
        ({"hidden_at": timezone.now()}, False, False),
        ({"removed_at": timezone.now()}, False, False),
    ],
)
def test_post_permissions_by_state(state, others_may_react, author_may_edit):
    post = PostFactory(**state)
    everyone = people()
    assert post.author.has_perm("forum.change_post", post) == author_may_edit
    assert not post.author.has_perm("forum.react_post", post)
    assert not post.author.has_perm("forum.flag_post", post)
    assert everyone["resident"].has_perm("forum.react_post", post) == others_may_react
    assert everyone["resident"].has_perm("forum.flag_post", post) == others_may_react
    assert not everyone["resident"].has_perm("forum.change_post", post)
    for role in ("anonymous", "unverified", "suspended"):
        assert not everyone[role].has_perm("forum.react_post", post)
        assert not everyone[role].has_perm("forum.flag_post", post)
