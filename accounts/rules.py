"""Who may do what with accounts. Predicates are shared with the other apps:
``is_verified`` is the one gate for posting, commenting, supporting and following."""

import rules
from allauth.account.models import EmailAddress

from accounts.models import AssistedRegistration, Organisation, User
from accounts.second_factor import STAFF_GROUPS, lacks_second_factor, staff_group_names

__all__ = ["STAFF_GROUPS"]

# Where is_verified keeps its answer on the user object; the request's person
# comes with it (accounts.selectors.user_for_request).
VERIFIED_ATTR = "_idestad_is_verified"


@rules.predicate
def is_verified(user: User) -> bool:
    """Signed in with a verified e-mail address, or registered in person by city
    staff (who saw the person). Checked once per request object."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, VERIFIED_ATTR, None)
    if cached is None:
        cached = (
            EmailAddress.objects.filter(user=user, verified=True).exists()
            or AssistedRegistration.objects.filter(user=user).exists()
        )
        # Asked many times per page (every permission builds on it).
        setattr(user, VERIFIED_ATTR, cached)
    return bool(cached)


@rules.predicate
def is_suspended(user: User) -> bool:
    return user.is_authenticated and user.is_suspended


# Posting, supporting, following and reporting: verified and not suspended.
may_take_part = is_verified & ~is_suspended


@rules.predicate
def has_second_factor(user: User) -> bool:
    """True unless the person holds staff power without the authenticator it
    needs (accounts.second_factor)."""
    return not lacks_second_factor(user)


@rules.predicate
def in_moderators(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or "Moderators" in staff_group_names(user)
    )


@rules.predicate
def in_city_staff(user: User) -> bool:
    return user.is_authenticated and "City staff" in staff_group_names(user)


@rules.predicate
def in_staff_groups(user: User) -> bool:
    """Moderators, city staff and editors: the people MFA is required for."""
    return user.is_authenticated and (
        user.is_superuser or bool(staff_group_names(user))
    )


# Staff power, as every permission below and in the other apps uses it: the
# group, and the second factor that group needs.
is_moderator = in_moderators & has_second_factor
is_city_staff = in_city_staff & has_second_factor
is_staff_member = in_staff_groups & has_second_factor


@rules.predicate
def is_self(user: User, other: User | None) -> bool:
    return other is not None and user.is_authenticated and user.pk == other.pk


rules.add_perm("accounts.change_profile", is_self)
rules.add_perm("accounts.export_data", is_self)
rules.add_perm("accounts.delete_account", is_self)
rules.add_perm("accounts.take_part", is_verified)


@rules.predicate
def is_organisation_admin(user: User, organisation: Organisation | None) -> bool:
    return (
        user.is_authenticated
        and organisation is not None
        and organisation.memberships.filter(user=user, role="admin").exists()
    )


@rules.predicate
def is_organisation_member(user: User, organisation: Organisation | None) -> bool:
    return (
        user.is_authenticated
        and organisation is not None
        and organisation.memberships.filter(user=user).exists()
    )


rules.add_perm("accounts.add_organisation", is_verified)


@rules.predicate
def is_verified_organisation(user: User, organisation: Organisation | None) -> bool:
    # Until the city has verified an organisation, its name is only what its
    # creator typed: it may not be put in mail to other people's addresses.
    return organisation is not None and organisation.verified


rules.add_perm(
    "accounts.invite_to_organisation",
    is_verified & is_organisation_admin & is_verified_organisation,
)
rules.add_perm("accounts.change_organisation", is_verified & is_organisation_admin)
# Anyone who may take part may report an organisation they do not belong to.
rules.add_perm("accounts.flag_organisation", may_take_part & ~is_organisation_member)
# The queue of organisations waiting for verification, in the back office.
rules.add_perm("accounts.review_organisations", is_moderator)
# A moderator may not verify an organisation they belong to.
rules.add_perm("accounts.verify_organisation", is_moderator & ~is_organisation_member)


@rules.predicate
def was_registered_with_assistance(user: User, person: User | None) -> bool:
    return (
        person is not None
        and AssistedRegistration.objects.filter(user_id=person.pk).exists()
    )


# City staff register people at libraries and service centres, and may then
# submit contributions on their behalf (marked publicly as assisted).
rules.add_perm("accounts.register_assisted", is_staff_member)
rules.add_perm(
    "accounts.assist_person", is_staff_member & was_registered_with_assistance
)
