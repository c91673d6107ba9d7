"""Load a settings module in a fresh interpreter, as a server would at start-up, so
tests see exactly what a given environment produces (or that it refuses to start)."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Probe:
    returncode: int
    stderr: str
    values: dict[str, Any]


def probe_settings(
    module: str, names: list[str], *, env: dict[str, str], unset_prefixes: tuple = ()
) -> Probe:
    """Start Django with ``module`` and ``env`` (variables starting with any of
    ``unset_prefixes`` removed first) and read the settings ``names``."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(unset_prefixes)
    }
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    script = (
        "import django, json, sys; from django.conf import settings; django.setup(); "
        "print(json.dumps({n: getattr(settings, n) for n in sys.argv[1:]}))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, *names],
        cwd=REPO,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    values = (
        json.loads(result.stdout.strip().splitlines()[-1])
        if result.returncode == 0
        else {}
    )
    return Probe(returncode=result.returncode, stderr=result.stderr, values=values)
