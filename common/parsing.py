"""Numbers from requests, parsed one strict way.

``str.isdigit()`` says yes to "²" and "٣", which ``int()`` then refuses or
reads as something else; a request must not turn into a 500 for that. Ids and
page numbers are ASCII digits only, of a bounded length, or they are not ids.
"""

import re

ID = re.compile(r"[0-9]{1,18}")
# PostgreSQL's bigint holds 19 digits; 18 keeps every id in range.
MAX_ID = 10**18 - 1


def parse_id(value: object, *, maximum: int = MAX_ID) -> int | None:
    """A positive whole number written in ASCII digits, at most ``maximum``;
    None for anything else (including "0", "-1", "1e3", "²", "" and None)."""
    if not isinstance(value, str) or not ID.fullmatch(value):
        return None
    number = int(value)
    return number if 0 < number <= maximum else None


def parse_count(value: object, *, maximum: int = MAX_ID) -> int | None:
    """Like ``parse_id``, but 0 is a valid answer (a "since" id, say)."""
    if not isinstance(value, str) or not ID.fullmatch(value):
        return None
    number = int(value)
    return number if number <= maximum else None


CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def plain_text(value: object, *, maximum: int) -> str:
    """Free text from a request as a database may take it: control characters
    (NUL above all, which PostgreSQL refuses in text) become spaces, and at
    most ``maximum`` characters are kept."""
    if not isinstance(value, str):
        return ""
    return CONTROL.sub(" ", value[: maximum * 2]).strip()[:maximum]
