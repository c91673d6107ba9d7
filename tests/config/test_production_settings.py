"""Production settings are imported in a fresh interpreter, as a server would."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-" + "9" * 20


def load_production(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production")
    script = (
        "import django, json; from django.conf import settings; django.setup(); "
        "print(json.dumps({'hsts': settings.SECURE_HSTS_SECONDS, "
        "'session_secure': settings.SESSION_COOKIE_SECURE, "
        "'csrf_secure': settings.CSRF_COOKIE_SECURE, 'debug': settings.DEBUG, "
        "'script_src': settings.CONTENT_SECURITY_POLICY['script-src']}))"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
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
    import json

    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["hsts"] >= 31_536_000
    assert loaded["session_secure"] and loaded["csrf_secure"]
    assert loaded["debug"] is False
    assert "'unsafe-inline'" not in loaded["script_src"]
