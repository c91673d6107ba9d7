"""The cache is an accelerator: with Redis away, pages render (from the
database), a warning is logged, /readyz says degraded, and only signing in is
refused, with a reason (its rate limit lives in the cache)."""

import contextvars
import logging
import os
import time
import uuid

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import caches
from django.test import AsyncClient
from redis import Redis

from config.cache import RETRY_AFTER_SECONDS, ResilientRedisCache, forget_shared
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.processes import OwnRedis

pytestmark = pytest.mark.django_db
# Nothing listens on port 1 of loopback: every connection is refused at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_away(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": DEAD_REDIS,
            "KEY_PREFIX": "idestad-test-away",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.REDIS_URL = DEAD_REDIS
    settings.HEALTH_CHECK_TIMEOUT_SECONDS = 0.5
    forget_shared()  # nothing known yet: a warning is due
    yield
    caches["default"].close()
    forget_shared()


def test_pages_render_without_the_cache_and_a_warning_is_logged(
    client, goals, redis_away, caplog
):
    IdeaFactory(goals=goals, title="Laddplatser i Kista")
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        for path in (
            "/sv/",
            "/sv/ideas/",
            "/sv/search/?q=laddplatser",
            "/sv/account/login/",
        ):
            response = client.get(path)
            assert response.status_code == 200, path
    assert "Laddplatser i Kista" in client.get("/sv/ideas/").content.decode()
    # One line for the outage, not one per cache call of four pages.
    assert caplog.text.count("Cache unavailable") == 1


def test_readyz_says_degraded_while_the_cache_is_away(client, redis_away):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"


def test_signing_in_is_refused_with_a_reason_while_the_cache_is_away(
    client, redis_away
):
    person = VerifiedUserFactory(password="ett-långt-lösenord")
    response = client.post(
        "/sv/account/login/",
        {"login": person.email, "password": "ett-långt-lösenord"},
    )
    assert response.status_code == 200
    assert "Inloggningen är pausad en stund" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_api_answers_without_a_limit_while_the_cache_is_away(
    client, redis_away, settings
):
    # The summary's "untested" gap: the rate limit counts in the cache, and with
    # Redis away every request is let through rather than refused or failed.
    settings.API_RATE = "2/minute"
    answers = [client.get("/api/v1/districts/").status_code for _ in range(5)]
    assert answers == [200] * 5


@pytest.mark.redis
def test_the_api_limit_counts_in_redis_with_one_window_per_address(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"idestad-test-rate-{uuid.uuid4().hex[:8]}",
        }
    }
    settings.API_RATE = "3/minute"
    try:
        answers = [client.get("/api/v1/districts/") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        assert 0 < int(answers[-1]["Retry-After"]) <= 60
        other = client.get("/api/v1/districts/", REMOTE_ADDR="192.0.2.7")
        assert other.status_code == 200
    finally:
        # Its keys lapse with their minute; the shared database is not emptied.
        caches["default"].close()


def test_once_redis_failed_no_request_of_the_process_waits_on_it_again_at_once(
    redis_away,
):
    """What is known about Redis being away is the process's, not one
    request's (Django makes a cache object per request)."""
    params = {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    first = ResilientRedisCache(DEAD_REDIS, params)
    later = ResilientRedisCache(DEAD_REDIS, params)
    assert later.available
    assert first.get("x") is None  # refused: now known to be away
    assert not later.available
    assert RETRY_AFTER_SECONDS > 0


@pytest.mark.redis
def test_requests_reuse_the_processes_connections_to_redis(settings):
    """Each request used to open its own connection to Redis (a new pool on
    each request's cache object)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"idestad-test-pool-{uuid.uuid4().hex[:8]}",
        }
    }
    server = Redis.from_url(os.environ["REDIS_URL"])
    asgi_get = async_to_sync(AsyncClient().get)  # Django's ASGI handler

    def get(path: str):
        # Each request in a context of its own, as the ASGI server gives it.
        return contextvars.Context().run(asgi_get, path)

    try:
        get("/api/v1/districts/")  # the pool's first connection
        before = server.info("stats")["total_connections_received"]
        for _request in range(20):
            assert get("/api/v1/districts/").status_code == 200
        opened = server.info("stats")["total_connections_received"] - before
        assert opened <= 1  # another test run may connect meanwhile
    finally:
        caches["default"].close()
        server.close()


@pytest.mark.redis
def test_the_end_of_an_outage_is_logged_once_and_the_cache_is_used_again(
    tmp_path, caplog
):
    redis = OwnRedis(tmp_path)  # not started yet: its port refuses
    cache = ResilientRedisCache(redis.url, {"KEY_PREFIX": "idestad-test-back"})
    forget_shared()
    try:
        with caplog.at_level(logging.WARNING, logger="config.cache"):
            assert cache.get("x") is None  # refused
            assert cache.get("x") is None  # not asked: known to be away
            redis.start()
            time.sleep(RETRY_AFTER_SECONDS + 0.1)
            assert cache.add("x", "saved") is True
            assert cache.get("x") == "saved"
    finally:
        cache.close()
        redis.stop()
        forget_shared()
    messages = [r.getMessage() for r in caplog.records if r.name == "config.cache"]
    assert len(messages) == 2
    assert messages[0].startswith("Cache unavailable (get: ")
    assert messages[1].startswith("Cache available again after ")
    assert messages[1].endswith(" s (failed calls: 1)")
