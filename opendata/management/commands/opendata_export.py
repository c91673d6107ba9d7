"""Write the bulk open dataset (opendata/export.py).

    manage.py opendata_export [--no-progress]

Run nightly by the scheduler; run by hand it shows a progress bar per table.
"""

from argparse import ArgumentParser

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from opendata import export
from opendata.tables import Table

BAR = 30


class Command(BaseCommand):
    help = (
        "Export every public table as CSV and JSON in one zip, with datapackage.json."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar."
        )

    def handle(self, *args: object, **options: object) -> None:
        # A bar only for a person at a terminal; the scheduler's log gets lines.
        show = not options["no_progress"] and self.stderr.isatty()
        manifest = export.export(progress=self._bar if show else None)
        for name, rows in manifest.rows.items():
            self.stdout.write(f"{name}: {rows} rows")
        self.stdout.write(
            f"Wrote {export.zip_path()} ({filesizeformat(manifest.size)})."
        )

    def _bar(self, table: Table, written: int, total: int) -> None:
        share = written / total if total else 1.0
        filled = int(share * BAR)
        line = (
            f"\r{table.name:<18} [{'#' * filled}{'.' * (BAR - filled)}] "
            f"{share:4.0%} {written}/{total}"
        )
        ending = "\n" if written >= total else ""
        self.stderr.write(line, style_func=str, ending=ending)
        self.stderr.flush()
