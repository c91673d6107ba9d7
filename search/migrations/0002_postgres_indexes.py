"""PostgreSQL-only parts of the search table: the trigram extension, the GIN
index on the stored vectors (and a smaller one over ideas alone, for similar
ideas), a GIN index for goal containment and a trigram index on the titles people look up (not posts, which carry
their discussion's title). On SQLite (the local demo) they are skipped and the
simple fallback search is used instead."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_entry_vector "
    "ON idestad_search_searchentry USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_entry_idea_vector "
    "ON idestad_search_searchentry USING gin (vector) WHERE type = 'idea'",
    "CREATE INDEX IF NOT EXISTS search_entry_goals "
    "ON idestad_search_searchentry USING gin (goal_ids jsonb_path_ops)",
    "CREATE INDEX IF NOT EXISTS search_entry_title_trgm "
    "ON idestad_search_searchentry USING gin (upper(title) gin_trgm_ops) "
    "WHERE type <> 'post'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_goals",
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_idea_vector",
    "DROP INDEX IF EXISTS search_entry_vector",
]


def run(statements: list[str]):
    def apply(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("idestad_search", "0001_entries")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
