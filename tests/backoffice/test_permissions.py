"""Every back-office view and action × every kind of person: the menu is not
the gate, each view asks the rules (and the services ask again)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import AssistedRegistration, Organisation
from accounts.services import user_refresh_role
from ideas.models import IdeaStatus
from opendata.models import WebhookEndpoint
from tests.accounts.factories import MembershipFactory, OrganisationFactory
from tests.backoffice.factories import FlagFactory, ProjectFactory
from tests.ideas.factories import IdeaFactory, StaffFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

ALLOW, DENY, LOGIN, MFA = "allow", "deny", "login", "set up MFA"


def company_member():
    person = VerifiedUserFactory()
    MembershipFactory(
        user=person,
        organisation=OrganisationFactory(verified=True, kind=Organisation.Kind.COMPANY),
    )
    user_refresh_role(user=person)
    return person


def editor():
    person = VerifiedUserFactory()
    person.groups.add(Group.objects.get_or_create(name="Editors")[0])
    TOTP.activate(person, generate_totp_secret())
    return person


PEOPLE = {
    "anonymous": lambda: None,
    "resident": VerifiedUserFactory,
    "company member": company_member,
    "moderator": lambda: StaffFactory(group="Moderators"),
    "city staff": StaffFactory,
    "editor": editor,
    "moderator without a second factor": lambda: StaffFactory(
        group="Moderators", second_factor=False
    ),
}

# (view, who is allowed). Everyone else: anonymous and people without admin
# access are sent to sign in; admin users without the right get 403.
OFFICIALS = {"moderator", "city staff"}
MODERATORS = {"moderator"}
STAFF = {"moderator", "city staff", "editor"}
CITY_STAFF = {"city staff"}
VIEWS = [
    ("backoffice_ideas:index", "none", OFFICIALS),
    ("backoffice_ideas:detail", "idea", OFFICIALS),
    ("backoffice_ideas:promote", "idea", MODERATORS),
    ("backoffice_answer_times:index", "none", OFFICIALS),
    ("backoffice_moderation:index", "none", MODERATORS),
    ("backoffice_organisations:index", "none", MODERATORS),
    ("backoffice_organisations:all", "none", MODERATORS),
    ("backoffice_projects:index", "none", OFFICIALS),
    # City staff edit only the projects they own (this one has no owners).
    ("backoffice_projects:edit", "project", MODERATORS),
    ("backoffice_reports:index", "none", OFFICIALS),
    ("backoffice_assisted:index", "none", STAFF),
    ("backoffice_assisted:person", "person", STAFF),
    ("idea_chooser:choose", "none", OFFICIALS),
    # Partners' webhooks (opendata.admin_views): city staff only.
    ("webhooks:index", "none", CITY_STAFF),
    ("webhooks:add", "none", CITY_STAFF),
    ("webhooks:edit", "webhook", CITY_STAFF),
    ("webhooks:delete", "webhook", CITY_STAFF),
    ("webhooks:deliveries", "webhook", CITY_STAFF),
]
ACTIONS = [
    ("backoffice_ideas:bulk", "none", {"action": "status", "status": "accepted"}),
    ("backoffice_ideas:detail", "idea", {"action": "status", "status": "accepted"}),
    ("backoffice_moderation:idea", "idea", {"action": "dismiss"}),
    ("backoffice_organisations:decide", "organisation", {"action": "verify"}),
    ("backoffice_reports:remind", "none", {"year": "2026"}),
    ("backoffice_projects:edit", "project", {"action": "milestone-add"}),
    ("backoffice_assisted:person", "person", {"action": "support"}),
    ("webhooks:deliveries", "webhook", {"action": "rotate"}),
    ("webhooks:delete", "webhook", {}),
]
ACTION_ALLOWED = {
    "backoffice_ideas:bulk": OFFICIALS,
    "backoffice_ideas:detail": OFFICIALS,
    "backoffice_moderation:idea": MODERATORS,
    "backoffice_organisations:decide": MODERATORS,
    "backoffice_reports:remind": OFFICIALS,
    "backoffice_projects:edit": MODERATORS,
    "backoffice_assisted:person": STAFF,
    "webhooks:deliveries": CITY_STAFF,
    "webhooks:delete": CITY_STAFF,
}


@pytest.fixture
def objects():
    idea = IdeaFactory(status=IdeaStatus.ACCEPTED)
    FlagFactory(idea=idea)
    person = VerifiedUserFactory()
    AssistedRegistration.objects.create(
        user=person, registered_by=None, place="Kista bibliotek",
        consent_at=idea.published_at, consent_text="Ja.",
    )  # fmt: skip
    return {
        "idea": idea,
        "project": ProjectFactory(),
        "person": person,
        "organisation": OrganisationFactory(),
        "webhook": WebhookEndpoint.objects.create(
            name="Partner", url="https://example.org/hook", events=["idea.created"]
        ),
    }


def url_for(name: str, kind: str, objects: dict) -> str:
    return reverse(name, args=[] if kind == "none" else [objects[kind].pk])


def outcome(response, who: str) -> str:
    if response.status_code == 302 and "/login" in response["Location"]:
        return LOGIN
    if response.status_code == 302 and "/2fa/totp/activate/" in response["Location"]:
        return MFA
    # Wagtail's admin turns a refusal into a way back to the dashboard, with
    # "Sorry, you do not have permission to access this area."
    if response.status_code == 403 or (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
    ):
        return DENY
    assert response.status_code in (200, 302, 400), response.status_code
    return ALLOW


def expected(who: str, allowed: set[str]) -> str:
    if who == "moderator without a second factor":
        # Sent to set up the authenticator; the rules refuse them as well
        # (test_staff_power_without_a_second_factor_is_refused_in_the_rules).
        return MFA
    if who in allowed:
        return ALLOW
    if who in {"moderator", "city staff", "editor"}:
        return DENY
    return LOGIN  # no admin access at all


@pytest.mark.parametrize("who", list(PEOPLE))
def test_every_admin_view_answers_each_kind_of_person_as_the_rules_say(
    client, objects, who
):
    person = PEOPLE[who]()
    if person is not None:
        client.force_login(person)
    results = {
        name: outcome(client.get(url_for(name, kind, objects)), who)
        for name, kind, _allowed in VIEWS
    }
    assert results == {name: expected(who, allowed) for name, _k, allowed in VIEWS}


@pytest.mark.parametrize("who", list(PEOPLE))
def test_every_admin_action_answers_each_kind_of_person_as_the_rules_say(
    client, objects, who
):
    person = PEOPLE[who]()
    if person is not None:
        client.force_login(person)
    results = {
        name: outcome(client.post(url_for(name, kind, objects), data), who)
        for name, kind, data in ACTIONS
    }
    assert results == {
        name: expected(who, ACTION_ALLOWED[name]) for name, _k, _d in ACTIONS
    }
    objects["organisation"].refresh_from_db()
    if who != "moderator":
        assert not objects["organisation"].verified


def test_city_staff_edit_the_projects_they_own(client):
    staff = StaffFactory()
    owned = ProjectFactory(owners=[staff])
    client.force_login(staff)
    assert (
        client.get(reverse("backoffice_projects:edit", args=[owned.pk])).status_code
        == 200
    )


def test_the_menu_shows_each_person_only_what_they_may_open(client):
    staff = StaffFactory()
    client.force_login(staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("backoffice_ideas:index") in html
    assert reverse("backoffice_moderation:index") not in html
    client.force_login(StaffFactory(group="Moderators"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("backoffice_moderation:index") in html


def test_staff_power_without_a_second_factor_is_refused_in_the_rules():
    """Below the middleware: the permissions every view and service asks."""
    person = StaffFactory(group="Moderators", second_factor=False)
    for permission in (
        "ideas.triage_idea",
        "ideas.moderate_idea",
        "accounts.review_organisations",
        "accounts.register_assisted",
        "ideas.remind_report",
        "wagtailadmin.access_admin",
    ):
        assert not person.has_perm(permission), permission


def _fill(rows: int, moderator) -> None:
    """Rows for every admin list: projects with owners, milestones and
    indicators; organisations with members; assisted people; ideas."""
    for _n in range(rows):
        project = ProjectFactory(owners=[StaffFactory()])
        project.milestones.create(title="Steg", due_on=project.starts_on)
        project.indicators.create(name="Mått", unit="st", baseline=0, target=1)
        organisation = OrganisationFactory()
        MembershipFactory(organisation=organisation)
        person = VerifiedUserFactory()
        AssistedRegistration.objects.create(
            user=person, registered_by=moderator, place="Kista bibliotek",
            consent_at=person.date_joined, consent_text="Ja.",
        )  # fmt: skip


@pytest.mark.parametrize(
    "name",
    [
        "backoffice_projects:index",
        "backoffice_organisations:index",
        "backoffice_organisations:all",
        "backoffice_reports:index",
        "backoffice_assisted:index",
        "backoffice_answer_times:index",
        "wagtailadmin_home",
    ],
)
def test_admin_lists_ask_the_database_the_same_number_of_times_for_more_rows(
    client, name, django_assert_max_num_queries
):
    moderator = StaffFactory(group="Moderators")
    client.force_login(moderator)
    url = reverse(name)
    _fill(2, moderator)
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        assert client.get(url).status_code == 200
    _fill(12, moderator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
