"""What `make run` prints last: where the site is, and the demo logins.

Printed once the server answers, after the start-up lines of the server and
the task worker, so the logins are the last thing on the screen."""

import socket
import time
from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Wait until the local server answers, then print its address and logins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--wait", type=float, default=60.0, help="seconds")

    def handle(self, *args: object, **options: object) -> None:
        host, port = str(options["host"]), int(options["port"])
        if not _answers(host, port, float(options["wait"])):
            raise CommandError(f"Nothing answered on {host}:{port}.")
        url = f"http://{host}:{port}/"
        lines = [
            "",
            "WARNING: STAFF_MFA_REQUIRED=0 for this local demo, so the demo admin "
            "reaches the",
            "         Wagtail admin without two-factor authentication. Production "
            "refuses this.",
            "A task worker (notification e-mail) runs beside the server; it logs "
            "warnings only.",
            "",
            f"Idéstad is running at {url}  (admin: {url}admin/)",
            "Demo logins (e-mail / password):",
            *(
                f"  {user.label:<18} {user.email:<28} {settings.DEMO_PASSWORD}"
                for user in DEMO_USERS
            ),
            "Stop with Ctrl+C.",
        ]
        self.stdout.write("\n".join(lines))


def _answers(host: str, port: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False
