"""One registry through which every app takes part in "download my data" and
"delete my account", so new apps plug in without editing accounts/.

An app registers a contributor in its AppConfig.ready():

    privacy.register("ideas", export=export_ideas, erase=erase_ideas)

``export(user)`` returns JSON-ready data about the person. ``erase(user, keep)``
runs inside the deletion transaction, before the user row goes: with ``keep`` the
person's public contributions stay, unlinked from them ("Former participant");
without it they are deleted. Either way nothing may keep pointing at the person.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from accounts.models import User

Export = Callable[[User], Any]
Erase = Callable[[User, bool], None]

EXPORT_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Contributor:
    key: str
    export: Export
    erase: Erase | None


_contributors: dict[str, Contributor] = {}


def register(key: str, *, export: Export, erase: Erase | None = None) -> None:
    if key in _contributors:
        raise ValueError(f"A privacy contributor named {key!r} is already registered.")
    _contributors[key] = Contributor(key=key, export=export, erase=erase)


def contributors() -> list[Contributor]:
    return list(_contributors.values())


def export_user_data(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
    }
    for contributor in contributors():
        data[contributor.key] = contributor.export(user)
    return data


def erase_user_data(user: User, *, keep_contributions: bool) -> None:
    """Call inside the deletion transaction."""
    for contributor in contributors():
        if contributor.erase is not None:
            contributor.erase(user, keep_contributions)
