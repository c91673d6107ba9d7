"""The triage's cached facet counts follow every write to an idea, and its
tally's triggers outlive every migration."""

from django.db import connections, transaction

from backoffice import tally
from backoffice.models import IdeaTally
from backoffice.selectors import counts_changed


def idea_saved(sender: type, **kwargs: object) -> None:
    # Now, for this transaction's own next read; and after commit, because a
    # request in between may have counted (and cached) the rows before it.
    counts_changed()
    transaction.on_commit(counts_changed)


def tally_repaired(sender: object, using: str = "default", **kwargs: object) -> None:
    """After migrate: SQLite drops a table's triggers when a migration rebuilds
    ``ideas_idea``, so put them back (and recount) if the tally's table is
    there and its triggers are not."""
    connection = connections[using]
    tables = connection.introspection.table_names()
    if IdeaTally._meta.db_table in tables and "ideas_idea" in tables:
        tally.repair(connection)
