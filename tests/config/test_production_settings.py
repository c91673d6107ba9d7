"""Production settings are imported in a fresh interpreter, as a server would."""

from tests.settings_probe import Probe, probe_settings

GOOD_KEY = "k" * 20 + "-production-secret-" + "9" * 20
READ = [
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "DEBUG",
    "CONTENT_SECURITY_POLICY",
]


def load_production(**env: str) -> Probe:
    return probe_settings(
        "config.settings.production",
        READ,
        env=env,
        unset_prefixes=("SECRET_KEY", "ALLOWED_HOSTS", "STAFF_MFA_REQUIRED"),
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = load_production(ALLOWED_HOSTS="idestad.stockholm")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = load_production(SECRET_KEY="short", ALLOWED_HOSTS="idestad.stockholm")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_production(SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_refuses_staff_without_mfa():
    result = load_production(
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="idestad.stockholm", STAFF_MFA_REQUIRED="0"
    )
    assert result.returncode != 0
    assert "STAFF_MFA_REQUIRED=0 is for the local demo only" in result.stderr


def test_production_sets_secure_cookies_hsts_and_no_inline_scripts():
    result = load_production(SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="idestad.stockholm")
    assert result.returncode == 0, result.stderr
    loaded = result.values
    assert loaded["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert loaded["SESSION_COOKIE_SECURE"] and loaded["CSRF_COOKIE_SECURE"]
    assert loaded["DEBUG"] is False
    assert "'unsafe-inline'" not in loaded["CONTENT_SECURITY_POLICY"]["script-src"]
