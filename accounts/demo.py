"""Demo people for the local demo (make run) and the browser tests."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from accounts.services import user_refresh_role

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
    DemoUser("academic member", "akademi@idestad.example", "Alva Akademi (demo)"),
)

# Demo organisations: (name, kind, organisation number, members by e-mail).
DEMO_ORGANISATIONS = (
    (
        "Kista Sensorteknik AB (demo)",
        "company",
        "556036-0793",
        {"foretag@idestad.example": "admin"},
    ),
    (
        "Stockholms tekniska forskningsinstitut (demo)",
        "academia",
        "202100-2114",
        {"akademi@idestad.example": "admin"},
    ),
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
        user_refresh_role(user=user)
        # Demo people arrive with their address already verified.
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
        created += 1
    _ensure_demo_organisations()
    return created


def _ensure_demo_organisations() -> None:
    from accounts.models import Membership, Organisation

    for name, kind, number, members in DEMO_ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            org_number=number,
            defaults={
                "name": name,
                "slug": slugify(name),
                "kind": kind,
                "verified": True,
                "description": "Demoorganisation för Idéstad.",
            },
        )
        for email, role in members.items():
            user = User.objects.get(email=email)
            Membership.objects.get_or_create(
                organisation=organisation, user=user, defaults={"role": role}
            )
            user_refresh_role(user=user)
