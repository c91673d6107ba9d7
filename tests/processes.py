"""Helpers for tests that run parts of the platform as production runs them:
separate processes under production settings, on ports of their own."""

import os
import socket
import subprocess
import sys
from pathlib import Path

from django.db import connection

HOST = "127.0.0.1"
SECRET_KEY = "production-process-in-a-test-" + "x" * 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def production_env(**extra: str) -> dict[str, str]:
    """The environment of a production process, pointed at the test database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra)
    return env


def database_url(user: str | None = None) -> str:
    database = connection.settings_dict
    return (
        f"postgres://{user or database['USER'] or 'postgres'}@"
        f"{database['HOST'] or HOST}:{database['PORT'] or 5432}/{database['NAME']}"
    )


def manage(*arguments: str, env: dict[str, str], log: Path) -> subprocess.Popen:
    """``manage.py`` in a process of its own; its output goes to ``log``."""
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *arguments],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
