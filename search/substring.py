"""Search on SQLite (the local demo without ``DATABASE_URL``): a plain, honest
substring match with the same query syntax people use on PostgreSQL.

Every term must occur in the title or the text, in any letter case (SQLite's
own LIKE folds ASCII letters only, so "Östermalm" would miss "östermalm"; a
Python function registered on each connection lowers any letter). A quoted
phrase is one term, a leading minus excludes a term, and ``or`` between two
terms accepts either. There is no stemming: "parkering" does not find
"parkeringar"'s stem, only text that contains "parkering".
"""

import re
import string

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

from search.query import MARK_END, MARK_START, plain_snippet
from search.windows import Condition

LOWER = "idestad_lower"
TERM = re.compile(r'(-?)(?:"([^"]*)"|(\S+))')
HAS_WORD = re.compile(r"\w")
LIKE_SPECIAL = re.compile(r"([\\%_])")
SNIPPET_BEFORE = 80
SNIPPET_LENGTH = 240


def register_functions(
    sender: object, connection: BaseDatabaseWrapper, **kwargs: object
) -> None:
    """Give every SQLite connection the lowering function the match uses."""
    if getattr(connection, "vendor", "") != "sqlite":
        return
    connection.connection.create_function(LOWER, 1, _lower, deterministic=True)


def _lower(text: str | None) -> str | None:
    return text.lower() if text is not None else None


def connect() -> None:
    connection_created.connect(register_functions, dispatch_uid="search-sqlite-lower")


def terms(query: str) -> list[tuple[bool, list[str]]]:
    """The query as clauses ``(excluded, alternatives)``: every clause must
    hold; within one, any alternative."""
    clauses: list[tuple[bool, list[str]]] = []
    either = False
    for sign, phrase, word in TERM.findall(query):
        text = " ".join(phrase.split()) if phrase else word.strip(string.punctuation)
        if not phrase and not sign and word.casefold() == "or" and clauses:
            either = True
            continue
        if not HAS_WORD.search(text):
            continue
        excluded = bool(sign)
        if either and not excluded and not clauses[-1][0]:
            clauses[-1][1].append(text)
        else:
            clauses.append((excluded, [text]))
        either = False
    return clauses


def condition(where: Condition, query: str) -> Condition:
    """``where`` narrowed to rows whose title or text hold the query's terms."""
    for excluded, alternatives in terms(query):
        parts, params = [], []
        for text in alternatives:
            pattern = "%" + LIKE_SPECIAL.sub(r"\\\1", text.lower()) + "%"
            parts.append(
                f"{LOWER}(e.title) LIKE %s ESCAPE '\\' "
                f"OR {LOWER}(e.body) LIKE %s ESCAPE '\\'"
            )
            params += [pattern, pattern]
        sql = " OR ".join(f"({part})" for part in parts)
        where = where.narrowed(f"NOT ({sql})" if excluded else f"({sql})", *params)
    return where


def highlighted(title: str, body: str, query: str) -> tuple[str, str]:
    """Title and snippet with the found terms between highlight markers, as
    PostgreSQL's ts_headline gives them."""
    found = [text for excluded, texts in terms(query) if not excluded for text in texts]
    if not found:
        return title, plain_snippet(body)
    pattern = re.compile(
        "|".join(re.escape(text) for text in sorted(found, key=len, reverse=True)),
        re.IGNORECASE,
    )
    return _marked(title, pattern), _marked(_snippet(body, pattern), pattern)


def _snippet(body: str, pattern: re.Pattern) -> str:
    """About SNIPPET_LENGTH characters around the first match, cut at words."""
    match = pattern.search(body)
    if match is None or len(body) <= SNIPPET_LENGTH:
        return plain_snippet(body)
    start = max(0, match.start() - SNIPPET_BEFORE)
    if start:
        start = body.find(" ", start) + 1 or start
    text = body[start:]
    cut = plain_snippet(text)
    return ("… " if start else "") + cut


def _marked(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_END}", text)
