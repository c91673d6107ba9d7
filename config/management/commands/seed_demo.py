from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_USERS, ensure_demo_users
from cms.seeding import seed_demo_site
from ideas.demo import ensure_demo_ideas


class Command(BaseCommand):
    help = "Fill in the strategy, demo pages and demo users (idempotent)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--show-passwords",
            action="store_true",
            help="Print the demo password next to each login (local demo only).",
        )

    def handle(self, *args: object, **options: object) -> None:
        report = seed_demo_site()
        users_created = ensure_demo_users()
        ideas_created = ensure_demo_ideas()
        if options["verbosity"] == 0:
            return
        if report.changed or users_created or ideas_created:
            self.stdout.write(
                f"Demo content: {report.pages_created} pages, "
                f"{report.translations_created} translations, "
                f"{report.districts_created} districts, {users_created} users, "
                f"{ideas_created} ideas created."
            )
        else:
            self.stdout.write("Demo content is already in place; nothing added.")
        if not options["show_passwords"]:
            return
        self.stdout.write("Demo logins (e-mail / password):")
        for user in DEMO_USERS:
            self.stdout.write(
                f"  {user.label:<18} {user.email:<28} {settings.DEMO_PASSWORD}"
            )
