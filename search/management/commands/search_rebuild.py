"""Rebuild search from the content, without downtime.

    manage.py search_rebuild [--type idea --type post …] [--batch-size 2000]

The database table is refilled type by type, each in one transaction, so
readers see the old rows until the new ones commit. With Elasticsearch
configured, a fresh index is filled by bulk requests and the alias is moved to
it in one atomic call; the old index is then deleted.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from search import database, documents, elastic, windows
from search.models import EntryType, IndexBacklog, SearchEntry
from search.progress import Progress


class Command(BaseCommand):
    help = "Rebuild the search index (database table, and Elasticsearch if set)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--type", action="append", choices=EntryType.values, dest="types",
            help="Only these types (database only; Elasticsearch always gets all).",
        )  # fmt: skip
        parser.add_argument("--batch-size", type=int, default=documents.BATCH)
        parser.add_argument(
            "--database-only", action="store_true", help="Leave Elasticsearch alone."
        )
        parser.add_argument(
            "--cluster",
            action="store_true",
            help="Then rewrite the table newest first (PostgreSQL CLUSTER): broad "
            "searches read far fewer pages. Locks the table while it runs (about "
            "10 s per 400,000 entries), so run it off-hours.",
        )

    def handle(self, *args: object, **options: Any) -> None:
        types = options["types"] or EntryType.values
        use_elastic = elastic.is_configured() and not options["database_only"]
        new_index = None
        if use_elastic:
            types = EntryType.values
            new_index = elastic.new_index_name()
            elastic.index_template(new_index).create(using=elastic.client())
            # Changes made while the rebuild runs are queued from here on and
            # sent to the new index after the swap.
        for type_ in types:
            self.rebuild_type(type_, options["batch_size"], new_index)
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner misjudges how many rows a word
            # matches and picks a slow plan; and a fresh visibility map (VACUUM,
            # which cannot run inside a transaction), or the header suggestions
            # and the date bounds cannot be read from their indexes alone.
            table = SearchEntry._meta.db_table
            vacuum = "" if connection.in_atomic_block else "VACUUM "
            with connection.cursor() as cursor:
                if options["cluster"]:
                    cursor.execute(f"CLUSTER {table} USING search_entry_newest")
                cursor.execute(f"{vacuum}ANALYZE {table}")
            windows.statistics_clear()
        if new_index:
            elastic.client().indices.refresh(index=new_index)
            old = elastic.alias_swap(new_index)
            for name in old:
                elastic.client().indices.delete(index=name)
            sent, failed = 0, 0
            if IndexBacklog.objects.exists():
                from search.indexing import backlog_send

                sent, failed = backlog_send(limit=100_000)
            self.stdout.write(
                f"Elasticsearch: alias {elastic.alias_name()} → {new_index}; "
                f"{len(old)} old index(es) deleted; {sent} queued changes sent"
                + (f", {failed} left for retry." if failed else ".")
            )

    def rebuild_type(self, type_: str, batch: int, new_index: str | None) -> None:
        total = documents.public_ids(type_).count()
        progress = Progress(type_, total, stream=self.stderr._out)  # type: ignore[arg-type]
        stored = 0
        with transaction.atomic():
            database.entries_clear(type_)
            for entries in documents.entries_all(type_, batch=batch):
                database.entries_store(entries)
                if new_index:
                    elastic.bulk_send(entries, index=new_index)
                stored += len(entries)
                progress.advance(len(entries))
        if not total:
            progress.advance(0)
        self.stdout.write(f"{type_}: {stored:,} entries")
