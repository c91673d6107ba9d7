from django.core.management.base import BaseCommand

from opendata.webhook_sending import endpoints_due
from opendata.webhooks import send_soon


class Command(BaseCommand):
    help = (
        "Queue the sending of every webhook delivery that is due: retries, and "
        "any whose queued task was lost (run every minute by the scheduler)."
    )

    def handle(self, *args, **options) -> None:
        due = endpoints_due()
        send_soon(due)
        if options["verbosity"] > 1:
            self.stdout.write(f"{len(due)} endpoint(s) with deliveries due.")
