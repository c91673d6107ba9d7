"""Helpers for tests that run parts of the platform as production runs them:
separate processes under production settings, on ports of their own."""

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest
from django.db import connection

HOST = "127.0.0.1"
SECRET_KEY = "production-process-in-a-test-" + "x" * 40
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


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


class OwnRedis:
    """A redis-server on a port of its own, stopped and started at will."""

    def __init__(self, tmp: Path) -> None:
        self.port, self.dir, self.process = free_port(), tmp, None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - the machine's redis-server
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with suppress(OSError), socket.create_connection((HOST, self.port), 0.2):
                return
            time.sleep(0.05)
        pytest.fail("The test's own Redis did not start.")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
