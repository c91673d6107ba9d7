import pytest

pytestmark = pytest.mark.django_db


def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_each_component_and_is_ready_with_the_database(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["components"]["database"]["status"] == "ok"
    assert body["components"]["redis"] == {"status": "not_configured"}


def test_readyz_says_degraded_and_stays_in_service_when_redis_does_not_answer(
    client, settings
):
    # Port 1 on loopback: nothing listens there, so the connection is refused.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.HEALTH_CHECK_TIMEOUT_SECONDS = 0.5
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["components"]["redis"]["status"] == "degraded"
    assert body["components"]["database"]["status"] == "ok"


@pytest.mark.redis
def test_readyz_is_ready_with_a_live_redis(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["components"]["redis"]["status"] == "ok"


def test_probes_are_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]
    assert "no-cache" in client.get("/readyz")["Cache-Control"]


def test_probes_refuse_writes(client):
    assert client.post("/readyz").status_code == 405
