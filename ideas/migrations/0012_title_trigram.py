"""A trigram index for the back office's search of titles by words
(backoffice.selectors.search_q, a case-insensitive "contains"): without it,
each search reads every title. PostgreSQL only (pg_trgm is a trusted
extension, so the database's owner may create it); elsewhere nothing."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS idea_title_trigram ON ideas_idea"
    " USING gin (UPPER(title::text) gin_trgm_ops)"
    " WHERE published_at IS NOT NULL AND hidden_at IS NULL",
]
DROP = ["DROP INDEX IF EXISTS idea_title_trigram"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0011_triage_recent_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
