from django.conf import settings
from django.core.management.base import BaseCommand

from live.events import events_prune


class Command(BaseCommand):
    help = "Delete live events older than EVENT_RETENTION_DAYS (run daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=settings.EVENT_RETENTION_DAYS)

    def handle(self, *args, days: int, **options) -> None:
        deleted = events_prune(older_than_days=days)
        self.stdout.write(f"Deleted {deleted} events older than {days} days.")
