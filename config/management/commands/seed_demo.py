"""The demo platform for `make run`: the strategy site, people, ideas,
projects and discussions. Here, at the top, because it drives every app; each
app keeps its own demo data (cms.seeding, accounts.demo, ideas.demo,
forum.demo). Idempotent: what exists is left as it is."""

from argparse import ArgumentParser

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation
from wagtail.models import Locale
from wagtail.rich_text import RichText

from accounts import second_factor
from accounts.demo import DEMO_USERS, ensure_demo_users
from cms.models import NewsPage
from cms.seeding import seed_demo_site
from forum.demo import ensure_demo_discussions
from ideas.demo import ensure_demo_ideas
from ideas.models import Project

WATER_NEWS = "sensorer-i-vattennatet"
WATER_PROJECT = "uppkopplade-sensorer-i-vattennatet"
FOLLOW_LINK = {
    "sv": "Följ projektet, dess milstolpar och mätvärden",
    "en": "Follow the project, its milestones and measurements",
}


class Command(BaseCommand):
    help = "Fill in the strategy, demo pages, people, ideas and projects (idempotent)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--show-passwords",
            action="store_true",
            help="Print the demo logins with their password (local demo only).",
        )

    def handle(self, *args: object, **options: object) -> None:
        # The demo's staff act through the services as anyone would, but no one
        # signs in to run this command: their second factor is waived here.
        with second_factor.waived():
            report = seed_demo_site()
            people = ensure_demo_users()
            ideas = ensure_demo_ideas()
            posts = ensure_demo_discussions()
            link_news_to_project()
        if options["verbosity"] == 0:
            return
        if report.changed or people or ideas or posts:
            self.stdout.write(
                f"Demo content: {report.pages_created} pages, "
                f"{report.translations_created} translations, "
                f"{report.districts_created} districts, {people} people, "
                f"{ideas} ideas, {posts} posts created."
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


@transaction.atomic
def link_news_to_project() -> None:
    """The news item about the water sensors ends with a link to the project
    it reports on (once both exist)."""
    project = Project.objects.filter(slug=WATER_PROJECT).first()
    source = NewsPage.objects.filter(slug=WATER_NEWS, locale=Locale.get_default())
    news = source.first()
    if project is None or news is None:
        return
    for page in NewsPage.objects.filter(translation_key=news.translation_key):
        language = page.locale.language_code
        with translation.override(language):
            path = project.get_absolute_url()
        if path in str(page.body.raw_data):
            continue
        text = FOLLOW_LINK.get(language, FOLLOW_LINK["sv"])
        page.body.append(("paragraph", RichText(f'<p><a href="{path}">{text}</a></p>')))
        page.save_revision().publish()
