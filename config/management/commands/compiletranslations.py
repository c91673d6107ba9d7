"""Compile every .po catalogue of ours into a .mo file, in pure Python.

Django's own compilemessages needs GNU gettext's msgfmt, which a machine with only
Python does not have; ``make run`` must work there, so this uses polib instead.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.locale_overrides import allauth_overrides


def catalogues() -> list[Path]:
    roots = [Path(p) for p in settings.LOCALE_PATHS]
    return sorted(po for root in roots for po in root.glob("*/LC_MESSAGES/*.po"))


GENERATED = Path(settings.BASE_DIR) / "locale" / "generated"


def compile_overrides() -> None:
    """Our corrections to allauth's Swedish (config.locale_overrides), read
    from the installed package and compiled into locale/generated."""
    target = GENERATED / "sv" / "LC_MESSAGES" / "django.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    allauth_overrides("sv").save_as_mofile(str(target))


class Command(BaseCommand):
    help = "Compile the project's .po translation files into .mo files."

    def handle(self, *args: object, **options: object) -> None:
        compile_overrides()
        compiled = 0
        for po_path in catalogues():
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            try:
                catalogue = polib.pofile(str(po_path))
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {po_path}: {error}") from error
            catalogue.save_as_mofile(str(mo_path))
            compiled += 1
        self.stdout.write(f"Translations: {compiled} catalogue(s) compiled.")
