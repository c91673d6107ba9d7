"""The task worker as `make run` starts it: django-tasks-db's ``db_worker``,
with its logging at the level asked for (WARNING unless told otherwise), so a
local run does not print a line for every task it runs. Production runs
``db_worker`` itself and keeps its per-task lines."""

import logging
from argparse import ArgumentParser

from django_tasks_db.management.commands.db_worker import Command as DbWorker

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class Command(DbWorker):
    help = "Run queued tasks, logging at --log-level (default WARNING)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--log-level", choices=LEVELS, default="WARNING")

    def handle(self, *args: object, log_level: str = "WARNING", **options) -> None:
        self.log_level = getattr(logging, log_level)
        super().handle(*args, **options)

    def configure_logging(self, verbosity: int) -> None:
        super().configure_logging(verbosity)
        for name in ("django_tasks", "django_tasks_db"):
            logging.getLogger(name).setLevel(self.log_level)
