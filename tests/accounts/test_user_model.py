import pytest
from django.db import IntegrityError

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_people_sign_in_with_their_email_and_have_no_username():
    user = User.objects.create_user(
        "Anna@Example.ORG", "a-long-password", display_name="Anna"
    )
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username") or user.username is None
    assert user.email == "Anna@example.org"
    assert user.check_password("a-long-password")
    assert str(user) == "Anna"


def test_an_email_address_belongs_to_one_person_only():
    User.objects.create_user(
        "anna@example.org", "pw-1-long-enough", display_name="Anna"
    )
    with pytest.raises(IntegrityError):
        User.objects.create_user(
            "anna@example.org", "pw-2-long-enough", display_name="A"
        )


def test_an_email_address_is_required():
    with pytest.raises(ValueError, match="e-mail"):
        User.objects.create_user("", "pw", display_name="Nobody")


def test_a_superuser_is_staff():
    admin = User.objects.create_superuser(
        "admin@example.org", "pw", display_name="Admin"
    )
    assert admin.is_staff and admin.is_superuser
