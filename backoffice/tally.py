# ruff: noqa: S608 - every statement is built from this module's constants, no input
"""The tally behind the triage's counts (backoffice.models.IdeaTally), kept by
database triggers on ``ideas_idea`` and ``ideas_idea_goals``: every write that
publishes, hides, answers or moves an idea between keys, and every goal linked
or unlinked, moves its counts in the same transaction. PostgreSQL and SQLite
keep it; on any other database the triage counts the ideas themselves.

An idea counts in the row of goal 0 and in one row per goal it is linked to.
Deleting an idea and its goal links counts once, whichever row goes first
(Django's foreign keys are deferred): an idea's trigger removes the goal rows
of the links still there, and a link's trigger only counts an idea still
there."""

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "backoffice_ideatally"
GOALS = "ideas_idea_goals"
COLUMNS = "goal, status, kind, author_role, waiting, district, challenge, organisation"
CONFLICT = (
    "(goal, status, kind, author_role, waiting, district, challenge, organisation)"
)
# Written by the triggers; a change to any other column (a support, an edit
# of the text) leaves the tally alone.
WATCHED = (
    "status, kind, author_role, published_at, hidden_at, first_answered_at,"
    " district_id, challenge_id, organisation_id"
)


def visible(r: str) -> str:
    return f"({r}.published_at IS NOT NULL AND {r}.hidden_at IS NULL)"


def waiting(r: str) -> str:
    open_statuses = "('submitted', 'under_review')"
    return f"({r}.first_answered_at IS NULL AND {r}.status IN {open_statuses})"


def key(r: str) -> str:
    """The key of an idea row ``r`` after the goal: the tally's other columns."""
    return (
        f"{r}.status, {r}.kind, {r}.author_role, {waiting(r)},"
        f" COALESCE({r}.district_id, 0), COALESCE({r}.challenge_id, 0),"
        f" COALESCE({r}.organisation_id, 0)"
    )


def key_changed(distinct: str) -> str:
    """Whether an update moves the idea between keys (or in or out of view)."""
    pairs = [(visible("OLD"), visible("NEW")), (waiting("OLD"), waiting("NEW"))]
    pairs += [
        (f"OLD.{c}", f"NEW.{c}")
        for c in ("status", "kind", "author_role", "district_id", "challenge_id",
                  "organisation_id")
    ]  # fmt: skip
    return " OR ".join(f"{a} {distinct} {b}" for a, b in pairs)


FILL = [
    f"DELETE FROM {TABLE}",
    f"""INSERT INTO {TABLE} ({COLUMNS}, ideas)
    SELECT 0, {key("i")}, COUNT(*) FROM ideas_idea i WHERE {visible("i")}
    GROUP BY 2, 3, 4, 5, 6, 7, 8""",
    f"""INSERT INTO {TABLE} ({COLUMNS}, ideas)
    SELECT g.goalpage_id, {key("i")}, COUNT(*)
    FROM ideas_idea i JOIN {GOALS} g ON g.idea_id = i.id WHERE {visible("i")}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8""",
]

# PostgreSQL: when an update moves an idea between keys, its rows are changed
# goal by goal in ascending order, and for each goal the lower key first, so
# two ideas moving in opposite directions at once take the rows' locks in the
# same order and cannot deadlock (tests/backoffice/test_tally.py).
POSTGRESQL = [
    f"""
CREATE FUNCTION backoffice_ideatally_add(
    g bigint, s varchar, k varchar, r varchar, w boolean,
    d bigint, c bigint, o bigint, n integer
) RETURNS void LANGUAGE sql AS $$
    INSERT INTO {TABLE} ({COLUMNS}, ideas) VALUES (g, s, k, r, w, d, c, o, n)
    ON CONFLICT {CONFLICT} DO UPDATE SET ideas = {TABLE}.ideas + EXCLUDED.ideas
$$""",
    f"""
CREATE FUNCTION backoffice_ideatally_idea() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_in boolean := false;
    new_in boolean := false;
    new_first boolean := false;
    idea bigint;
    g bigint;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        old_in := {visible("OLD")}; idea := OLD.id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        new_in := {visible("NEW")}; idea := NEW.id;
    END IF;
    new_first := old_in AND new_in AND ROW({key("NEW")}) < ROW({key("OLD")});
    FOR g IN
        SELECT 0 UNION ALL
        SELECT goalpage_id FROM {GOALS} WHERE idea_id = idea ORDER BY 1
    LOOP
        IF new_first THEN
            PERFORM backoffice_ideatally_add(g, {key("NEW")}, 1);
        END IF;
        IF old_in THEN
            PERFORM backoffice_ideatally_add(g, {key("OLD")}, -1);
        END IF;
        IF new_in AND NOT new_first THEN
            PERFORM backoffice_ideatally_add(g, {key("NEW")}, 1);
        END IF;
    END LOOP;
    RETURN NULL;
END
$$""",
    f"""
CREATE FUNCTION backoffice_ideatally_goal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    i ideas_idea%ROWTYPE;
    link {GOALS}%ROWTYPE;
BEGIN
    IF TG_OP = 'DELETE' THEN link := OLD; ELSE link := NEW; END IF;
    SELECT * INTO i FROM ideas_idea WHERE id = link.idea_id;
    IF FOUND AND {visible("i")} THEN
        PERFORM backoffice_ideatally_add(
            link.goalpage_id, {key("i")}, CASE WHEN TG_OP = 'DELETE' THEN -1 ELSE 1 END
        );
    END IF;
    RETURN NULL;
END
$$""",
    """
CREATE TRIGGER backoffice_ideatally_idea AFTER INSERT OR DELETE ON ideas_idea
FOR EACH ROW EXECUTE FUNCTION backoffice_ideatally_idea()""",
    f"""
CREATE TRIGGER backoffice_ideatally_idea_update AFTER UPDATE OF {WATCHED} ON ideas_idea
FOR EACH ROW WHEN ({key_changed("IS DISTINCT FROM")})
EXECUTE FUNCTION backoffice_ideatally_idea()""",
    f"""
CREATE TRIGGER backoffice_ideatally_goal AFTER INSERT OR DELETE ON {GOALS}
FOR EACH ROW EXECUTE FUNCTION backoffice_ideatally_goal()""",
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS backoffice_ideatally_goal ON {GOALS}",
    "DROP TRIGGER IF EXISTS backoffice_ideatally_idea_update ON ideas_idea",
    "DROP TRIGGER IF EXISTS backoffice_ideatally_idea ON ideas_idea",
    "DROP FUNCTION IF EXISTS backoffice_ideatally_goal()",
    "DROP FUNCTION IF EXISTS backoffice_ideatally_idea()",
    "DROP FUNCTION IF EXISTS backoffice_ideatally_add("
    "bigint, varchar, varchar, varchar, boolean, bigint, bigint, bigint, integer)",
]

# SQLite has one writer at a time, so no order is needed; IS NOT is its
# null-safe comparison. An idea's rows: goal 0 and its linked goals.
UPSERT = f"ON CONFLICT {CONFLICT} DO UPDATE SET ideas = ideas + excluded.ideas"
ADD_IDEA = f"""
    INSERT INTO {TABLE} ({COLUMNS}, ideas)
    SELECT * FROM (
        SELECT 0, {key("NEW")}, 1
        UNION ALL
        SELECT goalpage_id, {key("NEW")}, 1 FROM {GOALS} WHERE idea_id = NEW.id
    ) WHERE {visible("NEW")} {UPSERT};"""
REMOVE_IDEA = f"""
    UPDATE {TABLE} SET ideas = ideas - 1
    WHERE {visible("OLD")}
        AND (status, kind, author_role, waiting, district, challenge, organisation)
            = ({key("OLD")})
        AND (goal = 0
            OR goal IN (SELECT goalpage_id FROM {GOALS} WHERE idea_id = OLD.id));"""
SQLITE = [
    f"""CREATE TRIGGER backoffice_ideatally_insert AFTER INSERT ON ideas_idea
    BEGIN {ADD_IDEA} END""",
    f"""CREATE TRIGGER backoffice_ideatally_delete AFTER DELETE ON ideas_idea
    BEGIN {REMOVE_IDEA} END""",
    f"""CREATE TRIGGER backoffice_ideatally_update
    AFTER UPDATE OF {WATCHED} ON ideas_idea WHEN {key_changed("IS NOT")}
    BEGIN {REMOVE_IDEA} {ADD_IDEA} END""",
    f"""CREATE TRIGGER backoffice_ideatally_link AFTER INSERT ON {GOALS} BEGIN
    INSERT INTO {TABLE} ({COLUMNS}, ideas)
    SELECT NEW.goalpage_id, {key("i")}, 1 FROM ideas_idea i
    WHERE i.id = NEW.idea_id AND {visible("i")} {UPSERT};
    END""",
    f"""CREATE TRIGGER backoffice_ideatally_unlink AFTER DELETE ON {GOALS} BEGIN
    UPDATE {TABLE} SET ideas = ideas - 1
    WHERE goal = OLD.goalpage_id
        AND (status, kind, author_role, waiting, district, challenge, organisation)
            = (SELECT {key("i")} FROM ideas_idea i
               WHERE i.id = OLD.idea_id AND {visible("i")});
    END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS backoffice_ideatally_{name}"
    for name in ("insert", "delete", "update", "link", "unlink")
]

INSTALL = {"postgresql": POSTGRESQL, "sqlite": SQLITE}
UNINSTALL = {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}
TRIGGERS = {
    "postgresql": (
        "SELECT COUNT(*) FROM pg_trigger"
        " WHERE tgname LIKE 'backoffice_ideatally_%' AND NOT tgisinternal",
        3,
    ),
    "sqlite": (
        "SELECT COUNT(*) FROM sqlite_master"
        " WHERE type = 'trigger' AND name LIKE 'backoffice_ideatally_%'",
        5,
    ),
}


def kept_by(connection: BaseDatabaseWrapper) -> bool:
    """Whether this database keeps the tally (else the triage counts ideas)."""
    return connection.vendor in INSTALL


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers and count what is already there."""
    with connection.cursor() as cursor:
        for statement in INSTALL.get(connection.vendor, []):
            cursor.execute(statement)
    refill(connection)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in UNINSTALL.get(connection.vendor, []):
            cursor.execute(statement)


def refill(connection: BaseDatabaseWrapper) -> None:
    if not kept_by(connection):
        return
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in FILL:
            cursor.execute(statement)


def installed(connection: BaseDatabaseWrapper) -> bool:
    """All of this database's triggers are there. SQLite drops a table's
    triggers when a migration rebuilds the table, so this is asked after
    every migrate (backoffice.signals)."""
    if not kept_by(connection):
        return True
    query, expected = TRIGGERS[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0] == expected


def repair(connection: BaseDatabaseWrapper) -> bool:
    """Put back missing triggers and recount; whether anything was missing."""
    if installed(connection):
        return False
    uninstall(connection)
    install(connection)
    return True
