"""The shared cache's version counters are read once per request, all in one
round trip; one the request moves itself is read again; outside a request
every read goes to the cache (common/versions.py)."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from redis import Redis

from cms import navigation
from common import data_version, locales, versions
from ideas.models import Idea
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db(transaction=True)
READS = ("get", "mget")
COUNTERS = (data_version.VERSION_KEY, locales.VERSION_KEY, navigation.VERSION_KEY)


def _request(view, method: str = "get"):
    """``view`` behind the two middlewares that wrap every request, in the
    order of settings.MIDDLEWARE."""
    stack = versions.ReadOncePerRequestMiddleware(
        data_version.OneBumpPerRequestMiddleware(view)
    )
    return stack(getattr(RequestFactory(), method)("/sv/"))


def _moved_elsewhere(key: str) -> None:
    """Another process moves the counter: straight in the cache."""
    cache.set(key, versions.read(key) + 1000, None)


def test_a_request_serves_what_was_current_when_it_first_read_the_counters():
    seen = []

    def view(request):
        seen.append([versions.read(key) for key in COUNTERS])
        for key in COUNTERS:
            _moved_elsewhere(key)
        seen.append([versions.read(key) for key in COUNTERS])
        return HttpResponse("ok")

    _request(view)
    first, later = seen
    assert later == first
    assert [versions.read(key) for key in COUNTERS] == [v + 1000 for v in first]


def test_outside_a_request_every_read_goes_to_the_cache():
    before = versions.read(navigation.VERSION_KEY)
    _moved_elsewhere(navigation.VERSION_KEY)
    assert versions.read(navigation.VERSION_KEY) == before + 1000


def test_a_counter_the_request_moves_is_read_again():
    seen = []

    def view(request):
        data, tree = data_version.version(), navigation.version()
        data_version.bump()
        navigation.bump()
        seen.append((data, data_version.version(), tree, navigation.version()))
        return HttpResponse("ok")

    _request(view, "post")
    data, data_after, tree, tree_after = seen[0]
    assert data_after == data + 1
    assert tree_after > tree


def test_a_write_the_request_commits_moves_the_data_version_it_reads_next():
    idea = IdeaFactory()
    seen = []

    def view(request):
        seen.append(data_version.version())
        Idea.objects.filter(pk=idea.pk).update(title="Ny titel")  # autocommit
        seen.append(data_version.version())
        return HttpResponse("ok")

    _request(view, "post")
    assert seen[1] == seen[0] + 1


def test_an_emptied_cache_starts_each_counter_again():
    seen = []

    def view(request):
        cache.delete_many(list(COUNTERS))
        seen.append([versions.read(key) for key in COUNTERS])
        return HttpResponse("ok")

    _request(view)
    assert all(value > 0 for value in seen[0])
    assert [cache.get(key) for key in COUNTERS] == seen[0]


@pytest.mark.redis
def test_a_goal_page_asks_redis_for_fewer_things_with_the_memo(settings, goals):
    """Counted by Redis itself: its GET and MGET calls for one page, with the
    request's memo of counters and without it."""
    url = goals[0].url
    redis = Redis.from_url(settings.REDIS_URL)

    def reads_for_one_page() -> int:
        client = Client()
        assert client.get(url).status_code == 200  # fragments and labels cached
        stats = redis.info("commandstats")
        before = sum(stats.get(f"cmdstat_{c}", {}).get("calls", 0) for c in READS)
        assert client.get(url).status_code == 200
        stats = redis.info("commandstats")
        return (
            sum(stats.get(f"cmdstat_{c}", {}).get("calls", 0) for c in READS) - before
        )

    with_memo = reads_for_one_page()
    settings.MIDDLEWARE = [
        m
        for m in settings.MIDDLEWARE
        if m != "common.versions.ReadOncePerRequestMiddleware"
    ]
    without_memo = reads_for_one_page()
    # The three counters were read once per use (eleven times on a goal page
    # in bench/http_pages.py); now at most one round trip brings them all.
    assert with_memo <= without_memo - 5, (with_memo, without_memo)


@pytest.mark.redis
def test_moving_a_counter_in_redis_starts_it_or_adds_one_without_asking_first(
    settings,
):
    """Django's ``incr`` asks whether the key exists, then adds: two round
    trips on every write. The Redis cache moves a counter in one."""
    redis = Redis.from_url(settings.REDIS_URL)
    key = data_version.VERSION_KEY
    cache.delete(key)
    asked = redis.info("commandstats").get("cmdstat_exists", {}).get("calls", 0)
    started_after = versions.fresh_number()
    assert versions.move(key)
    started = cache.get(key)
    assert started > started_after
    assert versions.move(key)
    assert cache.get(key) == started + 1
    stats = redis.info("commandstats")
    assert stats.get("cmdstat_exists", {}).get("calls", 0) == asked
