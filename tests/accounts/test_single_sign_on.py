"""An OpenID Connect provider is switched on from the environment alone."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.settings_probe import probe_settings


def providers_with(**env: str) -> dict:
    probe = probe_settings(
        "config.settings.test",
        ["SOCIALACCOUNT_PROVIDERS"],
        env=env,
        unset_prefixes=("OIDC_",),
    )
    assert probe.returncode == 0, probe.stderr
    return probe.values["SOCIALACCOUNT_PROVIDERS"]


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
