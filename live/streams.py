"""Which streams exist, who may hear them and what they carry: a registry the
apps fill in their ``AppConfig.ready()``, so the live layer knows no app.

A stream is named ``<kind>.<id>`` (``idea.42``) or just ``<kind>``
(``moderation``). An app registers each kind it owns with a permission check
and the events it carries; an app that writes on another's kind adds its
events to it::

    register_stream("idea", check=idea_stream_check, events={"idea.status_changed"})
    register_stream_events("idea", {"post.created", "post.edited"})

``check(user, pk)`` returns a ``StreamCheck`` (``pk`` is None for a kind
without ids); it runs in sync code and may read the database.

An app may also say how an event looks to a reader who is not signed in
(``register_html_for_everyone``): the HTML of the post it concerns, rendered
once per broadcast and sent inside the event frame to every such reader, so a
thousand open pages do not each fetch and render it (docs/realtime.md).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import translation

from accounts.models import User

STREAM_NAME = re.compile(r"^([a-z_]{1,30})(?:\.(\d{1,12}))?$")


@dataclass(frozen=True)
class StreamCheck:
    ok: bool
    code: str = ""

    @classmethod
    def allowed(cls, allowed: bool, *, missing: bool = False) -> "StreamCheck":
        """Allowed, or refused as ``forbidden`` (or ``unknown_stream`` when
        the object does not exist)."""
        if allowed:
            return cls(True)
        return cls(False, "unknown_stream" if missing else "forbidden")


Check = Callable[[User, int | None], StreamCheck]
# ``render(data)``: what an event's object looks like to a reader who is not
# signed in, in the active language; None where such a reader may not see it.
RenderForEveryone = Callable[[dict], str | None]


@dataclass
class StreamKind:
    name: str
    check: Check
    with_id: bool = True
    events: set[str] = field(default_factory=set)


_kinds: dict[str, StreamKind] = {}
_pending_events: dict[str, set[str]] = {}
_for_everyone: dict[str, RenderForEveryone] = {}


def register_stream(
    kind: str, *, check: Check, events: Iterable[str] = (), with_id: bool = True
) -> None:
    """Own ``kind``: who may subscribe, and its first events. Registering a
    kind again replaces its check and keeps the events others added."""
    entry = StreamKind(name=kind, check=check, with_id=with_id, events=set(events))
    if kind in _kinds:
        entry.events |= _kinds[kind].events
    entry.events |= _pending_events.pop(kind, set())
    _kinds[kind] = entry


def register_stream_events(kind: str, events: Iterable[str]) -> None:
    """Let ``kind`` carry ``events`` as well (apps may register in any order)."""
    if kind in _kinds:
        _kinds[kind].events.update(events)
    else:
        _pending_events.setdefault(kind, set()).update(events)


def registered_kinds() -> dict[str, StreamKind]:
    return dict(_kinds)


def _parse(stream: str) -> tuple[StreamKind, int | None] | None:
    match = STREAM_NAME.match(stream)
    if match is None:
        return None
    kind = _kinds.get(match.group(1))
    if kind is None or kind.with_id != (match.group(2) is not None):
        return None
    return kind, int(match.group(2)) if match.group(2) else None


def check_event(stream: str, event: str) -> None:
    """Refuse, loudly, an event on a stream that cannot carry it: a
    programming error, caught by the tests, never a client's input."""
    parsed = _parse(stream)
    if parsed is None:
        raise ValueError(f"No stream kind is registered for {stream!r}.")
    if event not in parsed[0].events:
        raise ValueError(f"{stream!r} does not carry {event!r} events.")


def stream_check(user: User, stream: str) -> StreamCheck:
    """May ``user`` subscribe to ``stream``? Call from sync code (it reads the DB)."""
    parsed = _parse(stream)
    if parsed is None:
        return StreamCheck(False, "unknown_stream")
    kind, pk = parsed
    return kind.check(user, pk)


def _own_user_stream(user: User, pk: int | None) -> StreamCheck:
    return StreamCheck.allowed(user.is_authenticated and user.pk == pk)


def register_user_stream() -> None:
    """Each person's own stream (``user.<id>``), for their notifications."""
    register_stream("user", check=_own_user_stream, events={"notification.created"})


def register_html_for_everyone(events: Iterable[str], render: RenderForEveryone):
    """Send ``render(data)`` with these events to readers not signed in."""
    for event in events:
        _for_everyone[event] = render


def has_html_for_everyone(event: str) -> bool:
    return event in _for_everyone


def html_for_everyone(event: str, data: dict, language: str) -> str | None:
    """The event's object as a reader who is not signed in sees it, in
    ``language`` (sync code: it reads the database)."""
    render = _for_everyone.get(event)
    if render is None:
        return None
    with translation.override(language):
        return render(data)
