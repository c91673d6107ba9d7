"""Staff power needs the second factor, wherever permission is decided.

Moderators, city staff, editors and superusers hold power over others' content
and accounts; with ``STAFF_MFA_REQUIRED`` (on everywhere but the local demo) a
password alone must not exercise it. ``lacks_second_factor`` is asked by the
permission predicates (accounts.rules) and by the model permission backend
(accounts.backends), so a service, a view, the Wagtail admin and any login
route all refuse alike; the middleware only sends such people to set MFA up.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

if TYPE_CHECKING:  # accounts.models asks this module; no import cycle at run time
    from accounts.models import User

STAFF_GROUPS = ("Moderators", "City staff", "Editors")
CACHE_ATTR = "_idestad_lacks_second_factor"
_waived = threading.local()


@contextmanager
def waived() -> Iterator[None]:
    """For the platform's own writes from the command line (the demo seed),
    which no person types a password for: staff power without the second
    factor, in this thread, for the ``with`` block only."""
    before = getattr(_waived, "on", False)
    _waived.on = True
    try:
        yield
    finally:
        _waived.on = before


GROUPS_ATTR = "_idestad_staff_group_names"


def staff_group_names(user: "User") -> frozenset[str]:
    """The staff groups (``STAFF_GROUPS``) the person is in, read once per user
    object: every permission asks, many times a page (the admin menu asks for
    each item). The request's person comes with it already known when they are
    in none (accounts.selectors.user_for_request)."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, GROUPS_ATTR, None)
    if cached is None:
        cached = frozenset(
            user.groups.filter(name__in=STAFF_GROUPS).values_list("name", flat=True)
        )
        setattr(user, GROUPS_ATTR, cached)
    return cached


def holds_staff_power(user: "User") -> bool:
    return bool(user.is_authenticated) and (
        user.is_superuser or bool(staff_group_names(user))
    )


def lacks_second_factor(user: "User") -> bool:
    """Staff without an authenticator, where one is required. Asked many times
    a request, so kept on the user object."""
    if not settings.STAFF_MFA_REQUIRED or not user.is_authenticated:
        return False
    if getattr(_waived, "on", False):
        return False
    cached = getattr(user, CACHE_ATTR, None)
    if cached is None:
        cached = holds_staff_power(user) and not is_mfa_enabled(user)
        setattr(user, CACHE_ATTR, cached)
    return bool(cached)


def forget(user: "User") -> None:
    """After MFA is turned on or off, or groups change, on the same object."""
    for attr in (CACHE_ATTR, GROUPS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)
