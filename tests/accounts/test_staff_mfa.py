import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from tests.accounts.factories import UserFactory
from tests.accounts.totp import totp_code

pytestmark = pytest.mark.django_db


def sv(name: str) -> str:
    with translation.override("sv"):
        return reverse(name)


def sign_in(client, person) -> None:
    """Through allauth's form, as a person would: allauth then knows how recently
    they authenticated, which MFA set-up asks for."""
    EmailAddress.objects.get_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        sv("account_login"), {"login": person.email, "password": "a-long-test-password"}
    )
    assert response.status_code == 302, response.content.decode()[:500]


def member_of(group_name: str):
    person = UserFactory(is_staff=True)
    group, _ = Group.objects.get_or_create(name=group_name)
    person.groups.add(group)
    return person


STAFF = {
    "moderator": lambda: member_of("Moderators"),
    "city staff": lambda: member_of("City staff"),
    "editor": lambda: member_of("Editors"),
    "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
}


@pytest.mark.parametrize("kind", STAFF)
@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/sv/staff/assisted/"])
def test_staff_without_mfa_are_sent_to_mfa_set_up(client, kind, path):
    client.force_login(STAFF[kind]())
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].endswith("/account/2fa/totp/activate/")


@pytest.mark.parametrize("kind", ["editor", "superuser"])
def test_staff_with_mfa_reach_the_wagtail_admin(client, kind):
    person = STAFF[kind]()
    TOTP.activate(person, generate_totp_secret())
    client.force_login(person)
    assert client.get("/admin/").status_code == 200


def test_the_set_up_page_explains_why(client):
    sign_in(client, STAFF["moderator"]())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert "tvåstegsverifiering" in response.content.decode().lower()


def test_a_resident_is_not_asked_for_mfa_and_gets_no_admin(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "2fa" not in response["Location"]


def test_the_public_site_never_asks_staff_for_mfa(client):
    client.force_login(STAFF["moderator"]())
    assert client.get(sv("accounts:profile_edit")).status_code == 200


def test_the_requirement_can_be_switched_off_for_the_local_demo(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    # The middleware reads the flag per request, the path list at start-up.
    client.force_login(STAFF["superuser"]())
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == sv("account_login") + "?next=/admin/"


def test_activating_totp_with_a_real_code_opens_the_admin(client):
    person = STAFF["editor"]()
    sign_in(client, person)
    # allauth asks for the password again before a second factor is added.
    assert client.get(sv("mfa_activate_totp"))["Location"].startswith(
        sv("account_reauthenticate")
    )
    client.post(sv("account_reauthenticate"), {"password": "a-long-test-password"})
    page = client.get(sv("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(sv("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_signing_in_with_mfa_asks_for_the_code(client):
    person = STAFF["editor"]()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=person, email=person.email, verified=True, primary=True
    )
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    response = client.post(
        sv("account_login"), {"login": person.email, "password": "a-long-test-password"}
    )
    assert response.status_code == 302
    assert response["Location"] == sv("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(sv("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_the_django_admin_and_its_password_only_login_are_gone(client):
    assert client.get("/django-admin/login/", follow=True).status_code == 404
    assert client.get("/django-admin/", follow=True).status_code == 404


@pytest.mark.parametrize("kind", STAFF)
def test_staff_without_mfa_hold_no_staff_permission_anywhere(kind, goals):
    """Refused where permission is decided (the rules and the model backend),
    so every route behaves alike: services, the admin, any view."""
    from django.core.exceptions import PermissionDenied

    from ideas import moderation, workflow
    from tests.ideas.factories import IdeaFactory

    person = STAFF[kind]()
    idea = IdeaFactory(goals=goals)
    for perm in ("ideas.moderate_idea", "ideas.promote_idea", "forum.moderate_post"):
        assert not person.has_perm(perm), perm
    assert not person.has_perm("ideas.change_status_idea", idea)
    assert not person.has_perm("wagtailadmin.access_admin")
    assert person.get_all_permissions() == set()
    with pytest.raises(PermissionDenied):
        workflow.idea_status_change(
            actor=person, idea=idea, status="accepted", reason="Bra."
        )
    with pytest.raises(PermissionDenied):
        moderation.idea_hide(actor=person, idea=idea, reason="Nej.")
    # The same person with an authenticator app holds the power again.
    TOTP.activate(person, generate_totp_secret())
    fresh = type(person).objects.get(pk=person.pk)
    if kind in {"moderator", "superuser"}:
        assert fresh.has_perm("ideas.moderate_idea")
    if kind in {"city staff", "moderator", "superuser"}:
        assert fresh.has_perm("ideas.change_status_idea", idea)


def test_the_demo_seed_waives_the_second_factor_only_inside_its_block(goals):
    from accounts.second_factor import lacks_second_factor, waived

    person = STAFF["moderator"]()
    assert lacks_second_factor(person)
    with waived():
        other = type(person).objects.get(pk=person.pk)
        assert not lacks_second_factor(other)
    assert lacks_second_factor(type(person).objects.get(pk=person.pk))


@pytest.mark.parametrize(
    "path", ["/admin/password_reset/", "/admin/password_reset/done/"]
)
def test_the_admins_password_reset_goes_through_allauths_rate_limited_one(client, path):
    from django.core import mail

    UserFactory(email="redaktor@example.org", is_staff=True)
    response = client.post(path, {"email": "redaktor@example.org"})
    assert response.status_code in (301, 302)
    assert response["Location"] == sv("account_reset_password")
    assert mail.outbox == []
