"""@mentions of display names. Display names may hold spaces ("Anna Berg") and
punctuation ("Anna Andersson (demo)"), so each @ is tried with the one to four
words after it, each with and without the punctuation that may end a sentence
after it ("@Anna Berg," and "(fråga @Anna Andersson (demo))"), and the longest
name that belongs to someone wins. Plain text: nothing in the post changes."""

import re

from django.db.models import Q

from accounts.models import User

MENTION = re.compile(r"(?<![\w@])@([^\s@]+(?:[ ][^\s@]+){0,3})")
TRAILING_PUNCTUATION = ".,;:!?)\"'”»"
MAX_MENTIONS = 10


def _candidates(text: str) -> list[list[str]]:
    found = []
    for match in MENTION.finditer(text):
        words = match.group(1).split(" ")
        names: list[str] = []
        for n in range(len(words), 0, -1):
            name = " ".join(words[:n])
            # The name as written, then with one more trailing mark taken off
            # at a time: a ")" may belong to the name or close a parenthesis.
            while name and name not in names:
                names.append(name)
                if name[-1] not in TRAILING_PUNCTUATION:
                    break
                name = name[:-1]
        found.append(names)
    return found[:MAX_MENTIONS]


def mentioned_users(text: str) -> list[User]:
    """The people a text mentions, in one query."""
    candidates = _candidates(text)
    names = {name.casefold() for group in candidates for name in group}
    if not names:
        return []
    query = Q()
    for name in names:
        query |= Q(display_name__iexact=name)
    by_name: dict[str, list[User]] = {}
    for user in User.objects.filter(query, is_active=True):
        by_name.setdefault(user.display_name.casefold(), []).append(user)
    chosen: dict[int, User] = {}
    for group in candidates:
        for name in group:  # longest first
            if name.casefold() in by_name:
                chosen.update({u.pk: u for u in by_name[name.casefold()]})
                break
    return list(chosen.values())
