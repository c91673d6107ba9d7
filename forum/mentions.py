"""@mentions of display names. Display names may hold spaces ("Anna Berg"), so
each @ is tried with the one, two and three words after it and the longest
name that belongs to someone wins. Plain text: nothing in the post changes."""

import re

from django.db.models import Q

from accounts.models import User

MENTION = re.compile(r"(?<![\w@])@([^\s@]+(?:[ ][^\s@]+){0,2})")
TRAILING_PUNCTUATION = ".,;:!?)\"'”»"
MAX_MENTIONS = 10


def _candidates(text: str) -> list[list[str]]:
    found = []
    for match in MENTION.finditer(text):
        words = match.group(1).split(" ")
        names = [
            " ".join(words[:n]).rstrip(TRAILING_PUNCTUATION)
            for n in range(len(words), 0, -1)
        ]
        found.append([name for name in names if name])
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
