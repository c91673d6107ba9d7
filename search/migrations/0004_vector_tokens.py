"""Facet tokens and word pairs in the stored search vector (PostgreSQL only).

The vector of an entry is its text (title weight A, text B, in its language's
configuration) plus two kinds of extra lexemes, which nothing a person writes
can produce (real lexemes are lower case; these start with an upper-case
letter and a colon):

- the language, ``L:sv`` or ``L:en``: a query is matched in the entry's own
  language's stems, so "-\"trafik och park\"" excludes a Swedish text even
  though the English reading of the phrase keeps "och";
- a token per facet value: ``T:idea``, ``S:submitted``, ``D:3``, ``C:7``,
  ``K:service``, ``O:company``, ``G:12`` (one per goal). A filter then joins
  the words in one tsquery, and the GIN index intersects the short lists
  with the long ones itself, instead of reading every match of a common word
  and checking the filter row by row (search.database builds the same tokens
  for a query);
- a token per pair of neighbouring words and their distance,
  ``P2:trafik park`` (for "trafik och park"): a quoted phrase
  also asks for its pairs (idestad_search_paired), so the index finds the few
  rows where the words stand together instead of every row that has both.

``idestad_search_vector(entry)`` is the one definition, used by this migration
and by search.database.entries_store.
"""

from django.db import migrations

FORWARD = [
    # Neighbouring lexemes, in position order, with how far apart they stand:
    # a stop word leaves a gap but no lexeme, so "trafik och park" gives
    # "P2:trafik park", just what the phrase query 'trafik' <2> 'park' needs.
    """
    CREATE OR REPLACE FUNCTION idestad_search_pairs(v tsvector) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(array_agg(DISTINCT
        'P' || (w.next - w.position) || ':' || w.first || ' ' || w.second
      ), '{}')
      FROM (
        SELECT p.lexeme AS first, p.position,
               lead(p.lexeme) OVER (ORDER BY p.position) AS second,
               lead(p.position) OVER (ORDER BY p.position) AS next
        FROM (SELECT u.lexeme, unnest(u.positions) AS position FROM unnest(v) u) p
      ) w
      WHERE w.second IS NOT NULL
    $$
    """,
    # A tsquery of a phrase's pairs (empty if it has fewer than two words).
    """
    CREATE OR REPLACE FUNCTION idestad_search_phrase_pairs(cfg regconfig, phrase text)
    RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(string_agg(
        '''' || replace(replace(p.pair, '\\', '\\\\'), '''', '''''') || '''', ' & '
      ), '')::tsquery
      FROM unnest(idestad_search_pairs(to_tsvector(cfg, phrase))) AS p(pair)
    $$
    """,
    # Each quoted phrase of a query also asks for its pairs, wherever it stands
    # (ts_rewrite: inside an exclusion or an OR too). A stop word in a phrase
    # then stands for a stop word, as people read a phrase, where PostgreSQL's
    # phrase search alone takes any word in its place.
    """
    CREATE OR REPLACE FUNCTION idestad_search_paired(
      cfg regconfig, words tsquery, phrases text[]
    ) RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
      phrase text;
      pairs tsquery;
    BEGIN
      FOREACH phrase IN ARRAY phrases LOOP
        pairs := idestad_search_phrase_pairs(cfg, phrase);
        IF numnode(pairs) > 0 THEN
          words := ts_rewrite(
            words, phraseto_tsquery(cfg, phrase), phraseto_tsquery(cfg, phrase) && pairs
          );
        END IF;
      END LOOP;
      RETURN words;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION idestad_search_vector(e idestad_search_searchentry)
    RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT t.words || array_to_tsvector(
        array_remove(ARRAY[
          'L:' || e.language,
          'T:' || e.type,
          'S:' || nullif(e.status, ''),
          'D:' || e.district_id,
          'C:' || e.challenge_id,
          'K:' || nullif(e.kind, ''),
          'O:' || nullif(e.organisation_kind, '')
        ], NULL)
        || ARRAY(SELECT 'G:' || g FROM jsonb_array_elements_text(e.goal_ids) g)
        || idestad_search_pairs(t.words)
      )
      FROM (
        SELECT setweight(to_tsvector(c.cfg, e.title), 'A')
               || setweight(to_tsvector(c.cfg, e.body), 'B') AS words
        FROM (SELECT CASE WHEN e.language = 'en' THEN 'english'::regconfig
                          ELSE 'swedish'::regconfig END AS cfg) c
      ) t
    $$
    """,
    "UPDATE idestad_search_searchentry e SET vector = idestad_search_vector(e)",
    # Statistics of the facet columns together (statuses belong to ideas,
    # districts to ideas and their posts): search.windows asks the planner how
    # many rows match with the facets as columns, which these make accurate,
    # where facet tokens would be taken as independent.
    "CREATE STATISTICS IF NOT EXISTS search_entry_facets (dependencies, mcv) "
    "ON type, status, district_id, challenge_id, kind, organisation_kind "
    "FROM idestad_search_searchentry",
    # Facet filters are tokens in the vector now; the index over ideas alone
    # (for similar ideas) is replaced by the token T:idea in the same index.
    "DROP INDEX IF EXISTS search_entry_idea_vector",
    # Header suggestions: titles that start with what was typed, most supported
    # first, chosen from this index alone (search.database.suggestions).
    "CREATE INDEX IF NOT EXISTS search_entry_title_prefix "
    "ON idestad_search_searchentry (upper(title::text) text_pattern_ops) "
    "INCLUDE (id, title, support_count, type, language) WHERE type <> 'post'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_title_prefix",
    "DROP STATISTICS IF EXISTS search_entry_facets",
    "CREATE INDEX IF NOT EXISTS search_entry_idea_vector "
    "ON idestad_search_searchentry USING gin (vector) WHERE type = 'idea'",
    "UPDATE idestad_search_searchentry e SET vector = "
    "setweight(to_tsvector(CASE WHEN e.language = 'en' THEN 'english'::regconfig "
    "ELSE 'swedish'::regconfig END, e.title), 'A') || "
    "setweight(to_tsvector(CASE WHEN e.language = 'en' THEN 'english'::regconfig "
    "ELSE 'swedish'::regconfig END, e.body), 'B')",
    "DROP FUNCTION IF EXISTS idestad_search_vector(idestad_search_searchentry)",
    "DROP FUNCTION IF EXISTS idestad_search_paired(regconfig, tsquery, text[])",
    "DROP FUNCTION IF EXISTS idestad_search_phrase_pairs(regconfig, text)",
    "DROP FUNCTION IF EXISTS idestad_search_pairs(tsvector)",
]


def run(statements: list[str]):
    def apply(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("idestad_search", "0003_filter_indexes")]

    operations = [
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
        # "Most supported" sorts the window now, not every match.
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_supported"),
    ]
