import pytest

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


def test_public_pages_forbid_inline_scripts(client, demo_site):
    policy = directives(client.get("/sv/")["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_wagtail_admin_gets_its_own_looser_policy(
    client, demo_site, superuser_with_mfa
):
    client.force_login(superuser_with_mfa)
    response = client.get("/admin/")
    policy = directives(response["Content-Security-Policy"])
    assert response.status_code == 200
    assert "'unsafe-inline'" in policy["script-src"]


def test_pages_are_not_framed_and_not_sniffed(client, demo_site):
    response = client.get("/sv/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
