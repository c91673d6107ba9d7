from django.core.management.base import BaseCommand

from notifications.digest import send_digests


class Command(BaseCommand):
    help = "Send today's digest e-mail to everyone who chose it (run once a day)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Sent {send_digests()} digests.")
