# ruff: noqa: S608 - the names joined into SQL here are the database's own table
# names, read from its catalogue; nothing comes from input.
"""A copy of every table's rows, taken once and put back in a fraction of a
second: how the tests share one seeded demo without seeding it again.

The copy lives beside the tables (a schema of its own on PostgreSQL, tables
with a prefix on SQLite, which no flush touches), so taking and restoring it
are plain SQL on the server, whatever the number of rows. Restoring empties
every table, copies the rows back and sets the id counters to where they
were, in one transaction (the caller's, if it has one: foreign keys are
checked at its end, as Django declares them deferrable). Content type ids come
back as they were; callers clear Django's content type cache.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

SCHEMA = "idestad_test_snapshot"


@dataclass
class Snapshot:
    name: str
    tables: list[str] = field(default_factory=list)
    sequences: dict[str, int] = field(default_factory=dict)

    def _copy(self, table: str) -> str:
        if connection.vendor == "postgresql":
            return f'"{SCHEMA}"."{self.name}__{table}"'
        return f'"{SCHEMA}__{self.name}__{table}"'

    @classmethod
    def take(cls, name: str) -> "Snapshot":
        """Copy every table as it is now."""
        prefix = f"{SCHEMA}__"
        tables = [
            table
            for table in connection.introspection.table_names(include_views=False)
            if not table.startswith(prefix)
        ]
        snapshot = cls(name=name, tables=sorted(tables))
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"')
                snapshot.sequences = _sequence_values(cursor)
            for table in snapshot.tables:
                copy = snapshot._copy(table)
                cursor.execute(f"DROP TABLE IF EXISTS {copy}")
                cursor.execute(f'CREATE TABLE {copy} AS SELECT * FROM "{table}"')
        return snapshot

    def restore(self) -> None:
        """Put the copied rows back, in place of whatever the tables hold."""
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                names = ", ".join(f'"{t}"' for t in self.tables)
                cursor.execute(f"TRUNCATE {names}")
            else:
                for table in self.tables:
                    cursor.execute(f'DELETE FROM "{table}"')
            for table in self.tables:
                cursor.execute(
                    f'INSERT INTO "{table}" SELECT * FROM {self._copy(table)}'
                )
            for sequence, value in self.sequences.items():
                cursor.execute("SELECT setval(%s, %s, true)", [sequence, value])

    def drop(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DROP TABLE IF EXISTS {self._copy(table)}")


def _sequence_values(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences "
        "WHERE schemaname = current_schema() AND last_value IS NOT NULL"
    )
    return dict(cursor.fetchall())
