"""Sessions read with SQL written once (accounts.sessions) behave as Django's."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.sessions import SessionStore
from tests.ideas.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_a_session_is_read_back_and_an_expired_one_is_not():
    store = SessionStore()
    store["colour"] = "blå"
    store.create()
    assert SessionStore(store.session_key).load() == {"colour": "blå"}
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new one is made if anything is kept


HOSTILE = ["abc\x00defghijk", "åäöåäöåäöåäö", "x" * 5000, "'; DROP TABLE x; --12"]


@pytest.mark.parametrize("key", [*HOSTILE, "١٢٣٤٥٦٧٨٩٠"])  # Unicode digits
def test_a_hostile_session_key_is_no_session(key):
    store = SessionStore(key)
    assert store.load() == {}


@pytest.mark.parametrize("cookie", HOSTILE)
def test_a_hostile_session_cookie_is_a_reader_not_signed_in(client, cookie):
    client.cookies["sessionid"] = cookie
    response = client.get("/sv/ideas/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_signing_in_and_out_through_the_store(client):
    person = VerifiedUserFactory()
    client.force_login(person)
    assert client.get("/sv/").wsgi_request.user.pk == person.pk
    client.logout()
    assert not client.get("/sv/").wsgi_request.user.is_authenticated
