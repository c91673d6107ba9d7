import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from worker.scheduler import run_due, runner_name


class Command(BaseCommand):
    help = (
        "Run the periodic jobs of SCHEDULE when they are due (the daily digest, "
        "pruning, search reconciliation). Start one or more beside the task "
        "worker; two never run the same job for the same due time."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="run what is due, then stop"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.SCHEDULER_INTERVAL_SECONDS,
            help="seconds between looks at the schedule",
        )

    def handle(self, *args, once: bool, interval: float, **options) -> None:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        runner = runner_name()
        while not stop.is_set():
            close_old_connections()  # a connection PostgreSQL dropped is not reused
            try:
                happened = run_due(runner)
            except DatabaseError as error:  # the database is away: look again later
                self.stderr.write(f"The schedule could not be read: {error}")
                happened = {}
            verbosity = options["verbosity"]
            for job, what in happened.items():
                if verbosity > 1 or (verbosity == 1 and what.startswith("ran")):
                    self.stdout.write(f"{job}: {what}")
            if once:
                break
            stop.wait(interval)
