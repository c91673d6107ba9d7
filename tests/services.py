"""Which outside services and tools this test run has, and what to do without them.

A test marked ``postgres``, ``redis``, ``browser`` or ``elasticsearch`` is skipped
with a stated reason when its service is missing, unless REQUIRE_SERVICES=1 /
REQUIRE_BROWSER=1 / REQUIRE_ELASTICSEARCH=1 is set: then a missing service fails
the test, so CI cannot pass by skipping.
"""

import functools
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from redis import Redis
from redis.exceptions import RedisError

CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def required(flag: str) -> bool:
    return os.environ.get(flag, "").strip() in {"1", "true", "yes"}


def missing_postgres() -> str | None:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL=postgres://..."
    return None


@functools.cache
def missing_redis() -> str | None:
    if not settings.REDIS_URL:
        return "needs Redis: set REDIS_URL=redis://..."
    client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except RedisError as error:
        return f"needs Redis, but {settings.REDIS_URL} does not answer: {error}"
    finally:
        client.close()
    return None


def missing_browser() -> str | None:
    if not CHROMIUM_PATH.exists():
        return f"needs Chromium at {CHROMIUM_PATH} (apt-get install chromium)"
    return None


@functools.cache
def missing_elasticsearch() -> str | None:
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        return "needs Elasticsearch: set ELASTICSEARCH_URL=http://..."
    from elasticsearch import Elasticsearch

    try:
        Elasticsearch(url, request_timeout=3).info()
    except Exception as error:  # noqa: BLE001 - any failure means "not there"
        return f"needs Elasticsearch, but {url} does not answer: {error}"
    return None


CHECKS = {
    "postgres": (missing_postgres, "REQUIRE_SERVICES"),
    "redis": (missing_redis, "REQUIRE_SERVICES"),
    "browser": (missing_browser, "REQUIRE_BROWSER"),
    "elasticsearch": (missing_elasticsearch, "REQUIRE_ELASTICSEARCH"),
}


def skip_or_fail_if_missing(item: pytest.Item) -> None:
    for marker, (check, flag) in CHECKS.items():
        if item.get_closest_marker(marker) is None:
            continue
        reason = check()
        if reason is None:
            continue
        if required(flag):
            pytest.fail(f"{reason} ({flag}=1 forbids skipping)", pytrace=False)
        pytest.skip(reason)
