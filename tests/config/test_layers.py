"""The apps import one way only (docs/architecture.md): the import-linter
contract in pyproject.toml holds for the code as it is, tests excluded."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_no_app_imports_an_app_above_it():
    run = subprocess.run(  # noqa: S603 - our own virtualenv's linter
        [Path(sys.executable).parent / "lint-imports", "--no-cache"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "1 kept, 0 broken" in run.stdout
