"""Sign-up, verification by code, sign-in, password reset: allauth as configured."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.rules import is_verified
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Xy7-a-long-password!"
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def url(name: str, language: str = "sv") -> str:
    with translation.override(language):
        return reverse(name)


def sign_up(client, email="ny@example.org", display_name="Nora Ny", password=PASSWORD):
    return client.post(
        url("account_signup"),
        {
            "email": email,
            "display_name": display_name,
            "password1": password,
            "password2": password,
        },
    )


def code_from_last_mail() -> str:
    return CODE.search(mail.outbox[-1].body).group(0)


def test_sign_up_sends_a_code_and_the_code_verifies_and_signs_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    person = User.objects.get(email="ny@example.org")
    assert person.display_name == "Nora Ny"
    assert person.preferred_language == "sv"
    assert not is_verified(person)
    assert len(mail.outbox) == 1
    assert "Idéstad" in mail.outbox[0].body

    response = client.post(
        url("account_email_verification_sent"), {"code": code_from_last_mail()}
    )
    assert response.status_code == 302
    person = User.objects.get(pk=person.pk)
    assert is_verified(person)
    assert client.get(url("accounts:profile_edit")).status_code == 200


def test_a_wrong_code_is_refused_with_a_swedish_message(client):
    sign_up(client)
    response = client.post(
        url("account_email_verification_sent"), {"code": "AAAA-AAAA"}
    )
    assert response.status_code == 200
    assert (
        "Felaktig kod" in response.content.decode() or response.context["form"].errors
    )
    assert not is_verified(User.objects.get(email="ny@example.org"))


def test_an_unverified_person_cannot_sign_in(client):
    sign_up(client)
    client.logout()
    client.post(url("account_login"), {"login": "ny@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    response = client.get(url("accounts:profile_edit"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


def test_signing_up_with_a_taken_address_reveals_nothing_and_creates_nobody(client):
    UserFactory(email="taken@example.org", display_name="Först")
    response = sign_up(client, email="taken@example.org", display_name="Andra")
    # The same answer as for a new address: the owner is told by e-mail instead.
    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert User.objects.filter(email="taken@example.org").count() == 1
    assert mail.outbox[-1].to == ["taken@example.org"]


def test_a_weak_password_is_explained_in_swedish_and_nothing_is_saved(client):
    response = sign_up(client, password="12345678")
    assert response.status_code == 200
    html = response.content.decode()
    assert "för vanligt" in html or "helt numeriskt" in html
    assert not User.objects.filter(email="ny@example.org").exists()


def test_a_display_name_is_required(client):
    response = sign_up(client, display_name=" ")
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert not User.objects.exists()


def test_the_english_sign_up_speaks_english(client):
    html = client.get(url("account_signup", "en")).content.decode()
    assert '<html lang="en">' in html
    assert "Display name" in html


def test_password_reset_mails_a_code_only_to_known_people_without_telling(client):
    UserFactory(email="anna@example.org")
    for email in ("anna@example.org", "nobody@example.org"):
        response = client.post(url("account_reset_password"), {"email": email})
        assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["anna@example.org"], ["nobody@example.org"]]
    assert "reset" in mail.outbox[0].body.lower() or "återställ" in mail.outbox[0].body


def test_repeated_failed_sign_ins_are_rate_limited(client):
    UserFactory(email="anna@example.org")
    statuses = [
        client.post(
            url("account_login"), {"login": "anna@example.org", "password": "wrong"}
        ).status_code
        for _ in range(7)
    ]
    assert statuses[0] == 200
    assert (
        429 in statuses
        or "För många"
        in client.post(
            url("account_login"), {"login": "anna@example.org", "password": "wrong"}
        ).content.decode()
    )


def test_the_swedish_sign_in_page_invites_to_sign_up_and_writes_e_post(client):
    html = client.get(url("account_login")).content.decode()
    assert "Har du inget konto än? Då kan du" in html
    assert "Har du redan ett konto" not in html
    assert "E-post" in html
    assert "Epost" not in html and "epost" not in html
    signup = client.get(url("account_signup")).content.decode()
    assert "Har du redan ett konto? Då kan du" in signup
    assert "Epost" not in signup and "epost" not in signup


def test_the_sign_up_form_offers_the_digest_right_away_and_off(client):
    page = client.get(url("account_signup")).content.decode()
    assert "E-post om dina idéer, stöd och svar" in page
    assert re.search(r'value="digest"[^>]*checked', page)
    assert "Direkt" in page and "Av: bara här på webbplatsen" in page
    response = client.post(
        url("account_signup"),
        {"email": "snabb@example.org", "display_name": "Snabb", "own_email": "email",
         "password1": PASSWORD, "password2": PASSWORD},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-3000:]
    sign_up(Client(), email="tyst@example.org", display_name="Tyst")
    quick = User.objects.get(email="snabb@example.org").notification_preferences
    assert quick["idea.status_changed"] == quick["post.mentioned"] == "email"
    # Not answered (a client without the question): the digest, stored as nothing.
    assert User.objects.get(email="tyst@example.org").notification_preferences == {}
