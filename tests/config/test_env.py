import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import email_settings_from_url, env_bool, env_list


def test_email_url_for_submission_uses_starttls_on_587():
    settings = email_settings_from_url("submission://user%40city.se:p%2Fw@mail.city.se")
    assert settings["EMAIL_HOST"] == "mail.city.se"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_USE_TLS"] is True
    assert settings["EMAIL_USE_SSL"] is False
    assert settings["EMAIL_HOST_USER"] == "user@city.se"
    assert settings["EMAIL_HOST_PASSWORD"] == "p/w"


def test_email_url_for_smtps_uses_implicit_tls_on_465():
    settings = email_settings_from_url("smtps://mail.city.se")
    assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"]) == (465, True)
    assert settings["EMAIL_USE_TLS"] is False


def test_console_email_is_the_local_default_backend():
    backend = email_settings_from_url("console://")["EMAIL_BACKEND"]
    assert backend == "django.core.mail.backends.console.EmailBackend"


def test_an_unknown_email_scheme_is_refused_with_the_known_ones():
    with pytest.raises(ImproperlyConfigured, match="console"):
        email_settings_from_url("pigeon://coop")


def test_booleans_accept_the_usual_words_and_refuse_others(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", default=True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")


def test_lists_are_comma_separated_and_trimmed(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.se, b.se ,,")
    assert env_list("HOSTS") == ["a.se", "b.se"]
