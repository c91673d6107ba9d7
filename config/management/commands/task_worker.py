"""The task worker: django-tasks-db's ``db_worker`` with a heartbeat beside it,
so the tasks of a worker that dies go back to the queue (worker/lease.py), and
its logging at the level asked for: WARNING unless told otherwise, so a local
run does not print a line for every task; production passes INFO."""

import logging
from argparse import ArgumentParser

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from worker import lease

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class Command(DbWorker):
    help = "Run queued tasks, logging at --log-level (default WARNING)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--log-level", choices=LEVELS, default="WARNING")

    def handle(self, *args: object, log_level: str = "WARNING", **options) -> None:
        self.log_level = getattr(logging, log_level)
        worker_id = str(options["worker_id"])
        lease.beat(worker_id)  # alive before it takes its first task
        heartbeat = lease.Heartbeat(worker_id)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        for name in ("django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(self.log_level)
