"""Liveness and readiness probes for the proxy and the orchestrator."""

import logging
import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def check_database() -> dict[str, object]:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any driver error means "down"
        logger.warning("Readiness: database is down: %s", error)
        return {"status": "down", "error": type(error).__name__}
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_redis() -> dict[str, object]:
    if not settings.REDIS_URL:
        return {"status": "not_configured"}
    started = time.perf_counter()
    timeout = settings.HEALTH_CHECK_TIMEOUT_SECONDS
    client = Redis.from_url(
        settings.REDIS_URL, socket_timeout=timeout, socket_connect_timeout=timeout
    )
    try:
        client.ping()
    except RedisError as error:
        # Pages are served without it (slower: nothing cached), live updates
        # catch up from the event log once it is back, and signing in waits:
        # degraded, not down, so the proxy keeps this instance in service.
        logger.warning("Readiness: Redis is not answering: %s", error)
        return {
            "status": "degraded",
            "error": type(error).__name__,
            "effect": "no cache, sign-in paused, live updates resume when back",
        }
    finally:
        client.close()
    return {"status": "ok", "ms": round((time.perf_counter() - started) * 1000, 1)}


def check_search() -> dict[str, object]:
    """The database always serves search; Elasticsearch, when configured, must
    answer, or search is degraded (still served, from the database)."""
    from search import elastic
    from search.selectors import search_degraded

    if not elastic.is_configured():
        return {"status": "ok", "backend": "database"}
    started = time.perf_counter()
    try:
        answered = elastic.ping(settings.HEALTH_CHECK_TIMEOUT_SECONDS)
    except Exception as error:  # noqa: BLE001 - any client error means "not answering"
        answered, reason = False, type(error).__name__
    else:
        reason = "no answer" if not answered else search_degraded()
    if not answered or reason:
        logger.warning("Readiness: search is degraded: %s", reason)
        return {"status": "degraded", "backend": "database", "error": reason}
    return {
        "status": "ok",
        "backend": "elasticsearch",
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive and serving requests; touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready when the database answers; 503 names it when it does not. Redis
    and search can only be degraded (pages are served without the cache, and
    the database answers in Elasticsearch's place): reported, with the
    instance kept in service."""
    components = {
        "database": check_database(),
        "redis": check_redis(),
        "search": check_search(),
    }
    ready = all(c["status"] != "down" for c in components.values())
    degraded = any(c["status"] == "degraded" for c in components.values())
    status = "unavailable" if not ready else "degraded" if degraded else "ok"
    return JsonResponse(
        {"status": status, "components": components},
        status=200 if ready else 503,
    )
