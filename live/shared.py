"""The HTML of a broadcast event for readers who are not signed in, rendered
once for every connection that needs it (docs/realtime.md).

A new post on an idea with a thousand open pages would otherwise be fetched and
rendered a thousand times, each page asking for it as soon as the event
arrives. Instead each process asks once per broadcast and language: the first
connection's request starts it, the others await the same result. The shared
cache holds it for a minute under the broadcast's token, so a second process
takes it from there rather than rendering it again. The text is rendered when
the event is delivered, from the database as it is then: a post hidden since
it was written is rendered as hidden (or not at all), and a later ``post.hidden``
event replaces what a reader was sent, as it would replace a fetched post.
"""

import asyncio
import json
import logging
import os
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.core.cache import cache
from django.db import close_old_connections

from live.streams import html_for_everyone

logger = logging.getLogger(__name__)
CACHE_SECONDS = 60
# How long a process keeps a broadcast's frame after it was first asked for:
# longer than a fan-out to every connection of one process takes.
KEEP_SECONDS = 30.0


def _new_renderer() -> ThreadPoolExecutor:
    """Renders run on a thread of their own, started the moment the first
    connection asks: on Channels' one thread for sync code a render would wait
    behind whatever else is queued there while a thousand connections wake."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-render")


def _renew_renderer_after_fork() -> None:
    # A forked server process (a pre-forking server, the tests' workers)
    # inherits the executor but not its thread: work given to it would wait
    # forever, and so would every reader not signed in.
    global _renderer
    _renderer = _new_renderer()


_renderer = _new_renderer()
os.register_at_fork(after_in_child=_renew_renderer_after_fork)


def rendered(token: str, event: str, data: dict, language: str) -> str | None:
    """The event's HTML for everyone, from the shared cache or rendered
    there; None where such a reader may not see its object."""
    key = f"live-html:{token}:{language}"
    html = cache.get(key)
    if html is None:
        html = html_for_everyone(event, data, language) or ""
        cache.set(key, html, CACHE_SECONDS)
    return html or None


class SharedFrames:
    """Per event loop (one per server process): each broadcast's frame with
    its HTML, encoded once, for every connection here that needs it."""

    _by_loop: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SharedFrames]" = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self) -> None:
        self.pending: dict[tuple[str, str], asyncio.Future[str]] = {}

    @classmethod
    def of_this_loop(cls) -> "SharedFrames":
        loop = asyncio.get_running_loop()
        shared = cls._by_loop.get(loop)
        if shared is None:
            shared = cls._by_loop[loop] = cls()
        return shared

    async def text(self, message: dict[str, Any], language: str) -> str:
        """The broadcast's frame as JSON text, with ``html`` where there is
        any: rendered on the first call per process, awaited by the rest."""
        key = (message["token"], language)
        future = self.pending.get(key)
        if future is None:
            loop = asyncio.get_running_loop()
            future = self.pending[key] = loop.run_in_executor(
                _renderer, encoded, message, language
            )
            loop.call_later(KEEP_SECONDS, self.pending.pop, key, None)
        if future.done():
            return future.result()
        # Shielded: a connection that closes while it waits must not cancel
        # the render the others wait for.
        return await asyncio.shield(future)


def encoded(message: dict[str, Any], language: str) -> str:
    """The frame with its HTML, as JSON text; the frame alone if there is
    none or rendering failed (the reader then fetches the post)."""
    frame = message["frame"]
    close_old_connections()
    try:
        html = rendered(message["token"], frame["event"], frame["data"], language)
    except Exception:  # noqa: BLE001 - the reader fetches the post instead
        logger.warning(
            "Rendering %s#%s for everyone failed; readers will fetch it",
            frame["stream"],
            frame["id"],
            exc_info=True,
        )
        html = None
    finally:
        close_old_connections()
    if html is None:
        return message["text"]
    return json.dumps({**frame, "html": html})
