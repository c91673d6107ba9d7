import pytest
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Xy7-a-long-password!"


@pytest.fixture
def admin_client_logged_in(client, superuser_with_mfa):
    client.force_login(superuser_with_mfa)
    return client


def test_an_administrator_creates_a_person_with_a_display_name(admin_client_logged_in):
    response = admin_client_logged_in.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "ny@example.org",
            "display_name": "Nora Ny",
            "first_name": "Nora",
            "last_name": "Ny",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:index")
    person = User.objects.get(email="ny@example.org")
    assert person.display_name == "Nora Ny"
    assert person.check_password(PASSWORD)


def test_a_person_without_a_display_name_is_not_created(admin_client_logged_in):
    response = admin_client_logged_in.post(
        reverse("wagtailusers_users:add"),
        {"email": "ny@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "display_name" in response.context["form"].errors
    assert not User.objects.filter(email="ny@example.org").exists()


def test_an_administrator_changes_a_display_name(admin_client_logged_in):
    person = UserFactory(display_name="Gammalt namn")
    response = admin_client_logged_in.post(
        reverse("wagtailusers_users:edit", args=[person.pk]),
        {
            "email": person.email,
            "display_name": "Nytt namn",
            "first_name": "Ny",
            "last_name": "Person",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailusers_users:index")
    person.refresh_from_db()
    assert person.display_name == "Nytt namn"
