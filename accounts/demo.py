"""Demo people for the local demo (make run) and the browser tests."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from accounts.models import User, district_model
from accounts.services import user_refresh_role

STAFF_GROUPS = ("Moderators", "City staff", "Editors")


@dataclass(frozen=True)
class DemoUser:
    label: str
    email: str
    display_name: str
    groups: tuple[str, ...] = ()
    is_superuser: bool = False
    unit: str = ""


DEMO_USERS = (
    DemoUser(
        "admin / moderator",
        "admin@idestad.example",
        "Anna Andersson (demo)",
        groups=STAFF_GROUPS,
        is_superuser=True,
        unit="Stadsledningskontoret",
    ),
    DemoUser("resident", "invanare@idestad.example", "Rasmus Rinkeby (demo)"),
    DemoUser("company member", "foretag@idestad.example", "Fatima Företag (demo)"),
    DemoUser("academic member", "akademi@idestad.example", "Alva Akademi (demo)"),
    DemoUser(
        "city staff",
        "trafik@idestad.example",
        "Tove Trafik (demo)",
        groups=("City staff",),
        unit="Trafikkontoret",
    ),
)

# More people who take part, so that ideas have supporters and discussions
# more than two voices. They cannot sign in (no password): (name, district).
DEMO_CROWD = (
    ("Aisha Mohammed", "rinkeby-kista"), ("Erik Lindqvist", "bromma"),
    ("Sofia Berg", "sodermalm"), ("Johan Nyström", "farsta"),
    ("Leila Haddad", "spanga-tensta"), ("Magnus Ek", "hasselby-vallingby"),
    ("Karin Holm", "ostermalm"), ("Omar Yusuf", "skarholmen"),
    ("Elin Sjöberg", "kungsholmen"), ("Mehmet Kaya", "enskede-arsta-vantor"),
    ("Ingrid Dahl", "norrmalm"), ("Lars Åkesson", "skarpnack"),
    ("Nadia Rahimi", "hagersten-alvsjo"), ("Per Olsson", "sodermalm"),
    ("Hanna Lund", "bromma"), ("Ali Hassan", "rinkeby-kista"),
    ("Maja Strand", "farsta"), ("Viktor Falk", "kungsholmen"),
    ("Linnea Ström", "ostermalm"), ("Daniel Kim", "enskede-arsta-vantor"),
    ("Greta Norén", "hagersten-alvsjo"), ("Yusuf Demir", "spanga-tensta"),
    ("Emma Wallin", "skarholmen"), ("Oskar Fors", "norrmalm"),
)  # fmt: skip
CROWD_DOMAIN = "@folk.idestad.example"


def crowd_email(name: str) -> str:
    return slugify(name).replace("-", ".") + CROWD_DOMAIN


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


# An association that has applied and waits for the city's verification, so a
# moderator finds something in the back office's queue.
DEMO_APPLICANT = (
    "Föreningen Digitala seniorer i Rinkeby (demo)",
    "association",
    "802400-1235",
    {"invanare@idestad.example": "admin"},
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
        user = create(
            demo.email, password, display_name=demo.display_name, unit=demo.unit
        )
        user.groups.set([groups[name] for name in demo.groups])
        user_refresh_role(user=user)
        # Demo people arrive with their address already verified.
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
        created += 1
    _ensure_demo_organisations()
    return created + _ensure_demo_crowd()


def _ensure_demo_crowd() -> int:
    """The crowd: verified residents without a password (they cannot sign
    in), created in bulk because hashing a password each would take seconds."""
    districts = dict(district_model().objects.values_list("slug", "pk"))
    wanted = {crowd_email(name): (name, slug) for name, slug in DEMO_CROWD}
    existing = set(
        User.objects.filter(email__in=wanted).values_list("email", flat=True)
    )
    people = []
    for email, (name, slug) in wanted.items():
        if email in existing:
            continue
        person = User(email=email, display_name=f"{name} (demo)")
        person.district_id = districts.get(slug)
        person.set_unusable_password()
        people.append(person)
    User.objects.bulk_create(people)
    EmailAddress.objects.bulk_create(
        EmailAddress(user=person, email=person.email, verified=True, primary=True)
        for person in User.objects.filter(email__in=[p.email for p in people])
    )
    return len(people)


def _ensure_demo_organisations() -> None:
    from accounts.models import Membership, Organisation

    organisations = [(*o, True) for o in DEMO_ORGANISATIONS]
    for name, kind, number, members, verified in [
        *organisations,
        (*DEMO_APPLICANT, False),
    ]:
        organisation, _ = Organisation.objects.get_or_create(
            org_number=number,
            defaults={
                "name": name,
                "slug": slugify(name),
                "kind": kind,
                "verified": verified,
                "website": "https://seniorer.example" if not verified else "",
                "description": "Demoorganisation för Idéstad.",
            },
        )
        for email, role in members.items():
            user = User.objects.get(email=email)
            Membership.objects.get_or_create(
                organisation=organisation, user=user, defaults={"role": role}
            )
            user_refresh_role(user=user)
