"""Public pages shared by readers who are not signed in (common/shared_pages.py):
read again, a page asks the database nothing; a committed support, comment or
status is on the very next page; nothing of one reader (a session, a message,
a form's token) is ever shown to another."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.cache import add_never_cache_headers

from common import data_version, shared_pages
from common.shared_pages import ASKED_ONCE
from forum.services import post_create
from ideas.models import IdeaStatus
from ideas.supports import support_add
from ideas.workflow import idea_status_change
from search.indexing import flush_pending
from tests.config.test_cache_outage import redis_away  # noqa: F401 - fixture
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def shared(settings):
    """Pages shared, under a version no other test stored pages with (a
    test's writes never commit, so they would never move it)."""
    settings.PAGE_CACHE_SECONDS = 30
    data_version.bump()


@pytest.fixture
def idea(goals):
    return IdeaFactory(goals=goals, title="Laddplatser i Kista")


def queries_for(client: Client, path: str, **headers) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return len(queries.captured_queries), response


def page(client: Client, idea) -> str:
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def kept(path: str) -> None:
    """Read by two readers: from the second on, a page is kept."""
    for _reader in range(2):
        Client().get(path)


def test_from_its_second_reader_a_page_asks_the_database_nothing_and_is_the_same(
    client, shared, idea
):
    path = idea.get_absolute_url()
    first_queries, first = queries_for(client, path)
    second_queries, _second = queries_for(Client(), path)
    again_queries, again = queries_for(Client(), path)

    assert first_queries > 0
    assert second_queries > 0  # the first left only a mark
    assert again_queries == 0
    assert again.content == first.content
    for header in (
        "Content-Type",
        "Content-Language",
        "Content-Security-Policy",
        "X-Frame-Options",
        "Vary",
    ):
        assert again[header] == first[header], header
    assert not again.cookies


def test_a_search_writes_nothing_and_read_again_asks_nothing(
    client, shared, committed, goals
):
    """A search's ranked query is a read with common table expressions on
    PostgreSQL; taken for a write, every search emptied what is shared. (A
    test's writes never commit, so the rule is checked on what ran.)"""
    with committed():
        IdeaFactory(goals=goals, title="Laddplatser i Kista")
    flush_pending()  # indexed, as the commit's callback would
    client.get("/sv/")  # the site's settings are made once, on first use
    path = "/sv/search/?q=laddplatser"
    with CaptureQueriesContext(connection) as ran:
        first = client.get(path)
    kept(path)
    again_queries, again = queries_for(Client(), path)

    assert "<mark>Laddplatser</mark> i Kista" in first.content.decode()
    written = [q["sql"] for q in ran if data_version.changes_public_data(q["sql"])]
    assert written == []
    assert again_queries == 0
    assert again.content == first.content


def test_a_committed_support_comment_and_status_are_on_the_next_page(
    client, shared, committed, idea, moderator
):
    assert "Laddplatser i Kista" in page(client, idea)
    assert "data-support-count>0<" in page(client, idea)

    with committed():
        support_add(actor=VerifiedUserFactory(), idea=idea)
    assert "data-support-count>1<" in page(client, idea)

    with committed():
        post_create(
            actor=VerifiedUserFactory(), target=idea, body="Gärna vid tunnelbanan"
        )
    assert "Gärna vid tunnelbanan" in page(client, idea)

    with committed():
        idea_status_change(
            actor=moderator,
            idea=idea,
            status=IdeaStatus.UNDER_REVIEW,
            reason="Trafikkontoret tittar på platserna",
        )
    assert "Trafikkontoret tittar på platserna" in page(client, idea)


def test_a_signed_in_reader_gets_a_page_of_their_own_and_shares_nothing(
    client, shared, idea
):
    kept(idea.get_absolute_url())
    anonymous = page(Client(), idea)
    person = VerifiedUserFactory(display_name="Ines Invånare")
    client.force_login(person)

    own = page(client, idea)
    assert "Följ den här idén" in own
    assert own != anonymous
    stored_queries, after = queries_for(Client(), idea.get_absolute_url())
    assert stored_queries == 0
    assert after.content.decode() == anonymous
    assert "Ines Invånare" not in anonymous


def test_a_message_for_one_reader_is_shown_to_them_and_to_nobody_else(
    client, shared, goals, idea
):
    duplicate = IdeaFactory(
        goals=goals, status=IdeaStatus.DUPLICATE, duplicate_of=idea, title="Laddning"
    )
    kept(idea.get_absolute_url())  # before the message exists

    followed = client.get(duplicate.get_absolute_url(), follow=True)

    assert "”Laddning” var en dubblett" in followed.content.decode()
    assert "Laddning" not in page(Client(), idea)


def test_an_address_asked_for_once_leaves_a_mark_not_a_page(shared, idea):
    """Made-up query strings, each asked for once, cannot fill the cache."""
    path = f"{idea.get_absolute_url()}?made-up=1"
    Client().get(path)
    key = data_version.address_key("page", RequestFactory().get(path))

    assert cache.get(key) == ASKED_ONCE
    kept(path)
    assert cache.get(key)[0] == Client().get(path).content


def test_a_page_with_a_form_tied_to_its_reader_is_made_for_each(client, shared):
    first = client.get("/sv/account/login/")
    again = Client().get("/sv/account/login/")

    assert first.status_code == again.status_code == 200
    assert "csrftoken" in again.cookies
    assert (
        TOKEN.search(first.content.decode())[1]
        != (TOKEN.search(again.content.decode())[1])
    )


def with_cookie() -> HttpResponse:
    response = HttpResponse("<form>…</form>")
    response.set_cookie("csrftoken", "one reader's")
    return response


def private() -> HttpResponse:
    response = HttpResponse("<p>…</p>")
    add_never_cache_headers(response)
    return response


@pytest.mark.parametrize(
    ("response", "kept"),
    [
        pytest.param(HttpResponse("<p>…</p>"), True, id="a plain page"),
        pytest.param(with_cookie(), False, id="setting a cookie"),
        pytest.param(private(), False, id="marked private"),
        pytest.param(HttpResponse(status=404), False, id="not found"),
        pytest.param(HttpResponseRedirect("/sv/"), False, id="a redirect"),
        pytest.param(StreamingHttpResponse(iter([b"x"])), False, id="streamed"),
        pytest.param(HttpResponse(b"x" * 1_000_001), False, id="over a megabyte"),
    ],
)
def test_only_a_whole_page_for_anyone_is_kept(response, kept):
    assert shared_pages._keepable(response) is kept


@pytest.mark.parametrize(
    "request_kwargs",
    [
        pytest.param({"HTTP_COOKIE": "sessionid=abc"}, id="a session cookie"),
        pytest.param({"HTTP_COOKIE": "messages=abc"}, id="a message cookie"),
        pytest.param({"HTTP_ACCEPT": "application/json"}, id="asking for JSON"),
    ],
)
def test_a_request_that_may_be_one_readers_own_is_never_answered_from_the_store(
    shared, idea, request_kwargs
):
    path = idea.get_absolute_url()
    kept(path)
    made, _response = queries_for(Client(), path, **request_kwargs)

    assert made > 0


def test_off_means_every_page_is_made_afresh(client, settings, idea):
    settings.PAGE_CACHE_SECONDS = 0
    queries_for(client, idea.get_absolute_url())
    made, _response = queries_for(client, idea.get_absolute_url())

    assert made > 0


def test_pages_are_made_and_right_while_the_cache_is_away(
    client,
    settings,
    idea,
    redis_away,  # noqa: F811 - the fixture imported above
):
    settings.PAGE_CACHE_SECONDS = 30
    assert "Laddplatser i Kista" in page(client, idea)
    idea.title = "Laddplatser i Husby"
    idea.save()

    assert "Laddplatser i Husby" in page(client, idea)
