"""Compare search with the content and repair any drift.

    manage.py search_reconcile [--dry-run]

For every type, the entries the content gives now are compared, by
fingerprint and counters, with the database table and (when configured) the
Elasticsearch index: missing and out-of-date items are written, items that
should no longer be found are removed. Run it daily; it is also the safety net
for anything a crashed process did not index.
"""

from argparse import ArgumentParser

from django.core.management.base import BaseCommand

from search import database, documents, elastic
from search.indexing import backlog_send
from search.models import EntryType, SearchEntry


class Command(BaseCommand):
    help = "Find and repair differences between the content and the search index."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report only.")

    def handle(self, *args: object, **options: object) -> None:
        dry_run = options["dry_run"]
        use_elastic = elastic.is_configured()
        if use_elastic and not dry_run:
            elastic.ensure_index()
            sent, failed = backlog_send(limit=100_000)
            self.stdout.write(f"Backlog: {sent} sent, {failed} still failing.")
        for type_ in EntryType.values:
            stored = {
                pk: tuple(state)
                for pk, *state in SearchEntry.objects.filter(type=type_).values_list(
                    "object_id", "fingerprint", "support_count", "comment_count"
                )
            }
            self.reconcile("database", type_, stored, dry_run, self.repair_database)
            if use_elastic:
                indexed = elastic.indexed_states(type_)
                self.reconcile(
                    "elasticsearch", type_, indexed, dry_run, self.repair_elastic
                )

    def reconcile(self, where, type_, stored, dry_run, repair) -> None:
        missing = stale = 0
        seen: set[int] = set()
        for entries in documents.entries_all(type_):
            wrong = []
            for entry in entries:
                seen.add(entry.object_id)
                have = stored.get(entry.object_id)
                if have != entry.state:
                    wrong.append(entry)
                    missing += have is None
                    stale += have is not None
            if wrong and not dry_run:
                repair(type_, wrong, [])
        extra = [pk for pk in stored if pk not in seen]
        if extra and not dry_run:
            repair(type_, [], extra)
        verb = "found" if dry_run else "repaired"
        self.stdout.write(
            f"{where} {type_}: {missing} missing, {stale} out of date, "
            f"{len(extra)} no longer public ({verb})"
        )

    @staticmethod
    def repair_database(type_: str, entries: list, extra: list[int]) -> None:
        database.entries_store(entries)
        database.entries_remove(type_, extra)

    @staticmethod
    def repair_elastic(type_: str, entries: list, extra: list[int]) -> None:
        elastic.bulk_send(entries, [(type_, pk) for pk in extra])
