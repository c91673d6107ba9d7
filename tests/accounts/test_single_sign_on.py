"""An OpenID Connect provider is switched on from the environment alone."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

REPO = Path(__file__).resolve().parents[2]


def providers_with(**env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.test")
    script = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.SOCIALACCOUNT_PROVIDERS))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_server_url_there_is_no_single_sign_on():
    assert providers_with() == {}


def test_the_environment_configures_the_provider():
    providers = providers_with(
        OIDC_SERVER_URL="https://login.stockholm.example/realms/city",
        OIDC_CLIENT_ID="idestad",
        OIDC_CLIENT_SECRET="s3cret",
        OIDC_DISPLAY_NAME="Stockholms e-legitimation",
    )
    [app] = providers["openid_connect"]["APPS"]
    assert app == {
        "provider_id": "city",
        "name": "Stockholms e-legitimation",
        "client_id": "idestad",
        "secret": "s3cret",
        "settings": {"server_url": "https://login.stockholm.example/realms/city"},
    }
    assert providers["openid_connect"]["OAUTH_PKCE_ENABLED"] is True


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_configured_provider(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "city",
                    "name": "Stockholms e-legitimation",
                    "client_id": "idestad",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://login.stockholm.example"},
                }
            ]
        }
    }
    with translation.override("sv"):
        html = client.get(reverse("account_login")).content.decode()
    assert "Stockholms e-legitimation" in html
