"""Demo people for the local demo (make run) and the browser tests."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User

STAFF_GROUPS = ("Moderators", "City staff", "Editors")


@dataclass(frozen=True)
class DemoUser:
    label: str
    email: str
    display_name: str
    groups: tuple[str, ...] = ()
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser(
        "admin / moderator",
        "admin@idestad.example",
        "Anna Andersson (demo)",
        groups=STAFF_GROUPS,
        is_superuser=True,
    ),
    DemoUser("resident", "invanare@idestad.example", "Rasmus Rinkeby (demo)"),
    DemoUser("company member", "foretag@idestad.example", "Fatima Företag (demo)"),
)


@transaction.atomic
def ensure_demo_users(password: str | None = None) -> int:
    """Create the staff groups and the demo people that are missing; returns how
    many people were created. Existing people are left untouched."""
    password = password or settings.DEMO_PASSWORD
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in STAFF_GROUPS}
    created = 0
    for demo in DEMO_USERS:
        if User.objects.filter(email=demo.email).exists():
            continue
        create = (
            User.objects.create_superuser
            if demo.is_superuser
            else User.objects.create_user
        )
        user = create(demo.email, password, display_name=demo.display_name)
        user.groups.set([groups[name] for name in demo.groups])
        # Demo people arrive with their address already verified.
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
        created += 1
    return created
