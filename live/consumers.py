"""The one WebSocket endpoint, /ws/.

Speaks the protocol in docs/realtime.md: JSON frames with a ``type``;
``ping``/``pong``; ``subscribe`` (with an optional ``since``: first everything
after it from the event log, in order, then live events, without duplicates) and
``unsubscribe``; an ``error`` frame for anything it cannot use, after which the
connection stays usable.

Nothing is lost and nothing comes twice or out of order, whatever the channel
layer does: the consumer remembers the last id it sent per stream; an event
that arrives ahead of the next id (broadcasts race across processes) is sent
after the ones before it, read from the log; one already sent is dropped. A
heartbeat every ``LIVE_HEARTBEAT_SECONDS`` compares each stream with the log
and sends what the channel layer never brought (Redis away, a lost publish),
then a ``heartbeat`` frame, so a client that hears nothing for a while knows
its connection is gone and reconnects with ``since``.
"""

import asyncio
import json
import logging
import time
import weakref
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils.translation import gettext as _

from live import events
from live.shared import SharedFrames
from live.streams import has_html_for_everyone, stream_check

logger = logging.getLogger(__name__)
MAX_FRAME_BYTES = 4096
MAX_SUBSCRIPTIONS = 50
# A token bucket per connection: FRAME_RATE frames a second on average, bursts
# of FRAME_BURST. Past it a frame gets a ``rate_limited`` error; a connection
# that earns MAX_STRIKES errors of any kind is closed with CLOSE_ABUSE.
FRAME_RATE = 10.0
FRAME_BURST = 60.0
MAX_STRIKES = 30
CLOSE_ABUSE = 4429
# A heartbeat frame goes to a connection that was sent nothing for this part
# of an interval: at most 1.5 intervals of silence, well inside the three a
# client waits before it takes its socket for dead.
QUIET = 0.5


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        # stream → {"last": last id sent, "buffer": live frames held back while
        # the log is replayed, or None once live}
        self.streams: dict[str, dict[str, Any]] = {}
        self.tokens, self.refilled_at, self.strikes = FRAME_BURST, time.monotonic(), 0
        self.sent_at = time.monotonic()
        # A reader not signed in is sent a post's HTML inside its event, in
        # the page's language (``/ws/?lang=sv``); others fetch it as they see it.
        user = self.scope.get("user")
        self.everyone = user is None or not user.is_authenticated
        self.language = page_language(self.scope.get("query_string", b""))
        await self.accept()
        Heart.of_this_loop().join(self)

    async def send(
        self,
        text_data: str | None = None,
        bytes_data: bytes | None = None,
        close: bool | int = False,
    ) -> None:
        self.sent_at = time.monotonic()  # the heartbeat waits for a quiet moment
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)

    def take_token(self) -> bool:
        now = time.monotonic()
        self.tokens = min(
            FRAME_BURST, self.tokens + (now - self.refilled_at) * FRAME_RATE
        )
        self.refilled_at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def disconnect(self, code: int) -> None:
        Heart.of_this_loop().leave(self)
        for stream in list(getattr(self, "streams", {})):
            await self.channel_layer.group_discard(
                events.group_name(stream), self.channel_name
            )

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None
    ) -> None:
        if not self.take_token():
            await self.send_error("rate_limited", _("Too many frames; slow down."))
            return
        if text_data is None:
            await self.send_error("binary_frame", _("Send frames as JSON text."))
            return
        if len(text_data.encode()) > MAX_FRAME_BYTES:
            await self.send_error("frame_too_large", _("The frame is too large."))
            return
        try:
            content = json.loads(text_data)
        except json.JSONDecodeError:
            await self.send_error("bad_json", _("The frame is not valid JSON."))
            return
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_error(
                "bad_frame", _("A frame is a JSON object with a type.")
            )
            return
        await self.receive_json(content)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        kind = content["type"]
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "subscribe":
            await self.subscribe(content)
        elif kind == "unsubscribe":
            await self.unsubscribe(content)
        else:
            await self.send_error("unknown_type", _("This type of frame is not known."))

    async def subscribe(self, content: dict[str, Any]) -> None:
        stream, since = content.get("stream"), content.get("since")
        if not isinstance(stream, str) or not (
            since is None
            or (
                isinstance(since, int)
                and not isinstance(since, bool)
                and 0 <= since < 2**62
            )
        ):
            await self.send_error(
                "bad_frame",
                _("Subscribe with a stream name and, optionally, a since id."),
            )
            return
        if stream not in self.streams and len(self.streams) >= MAX_SUBSCRIPTIONS:
            await self.send_error(
                "too_many_subscriptions", _("At most 50 streams per connection.")
            )
            return
        check = await database_sync_to_async(stream_check)(self.scope["user"], stream)
        if not check.ok:
            await self.send_error(
                check.code, _("You cannot follow this stream."), stream
            )
            return
        # Join the group first and hold live frames back, so nothing committed
        # between reading the log and going live is missed or sent twice.
        self.streams[stream] = {"last": since or 0, "buffer": []}
        await self.channel_layer.group_add(events.group_name(stream), self.channel_name)
        replay, last_id, too_old = await database_sync_to_async(self.read_log)(
            stream, since
        )
        if since is not None and since > last_id:
            await self.drop(stream)
            await self.send_error(
                "bad_since", _("That id has not happened yet."), stream
            )
            return
        if too_old:
            await self.send_error(
                "reload", _("Too much has happened since; reload the page."), stream
            )
        state = self.streams[stream]
        for logged in replay:
            await self.send_json(logged)
            state["last"] = logged["id"]
        if since is None:
            state["last"] = max(state["last"], last_id)
        await self.send_json(
            {"type": "subscribed", "stream": stream, "last_id": last_id}
        )
        held, state["buffer"] = state["buffer"], None
        for frame in held:
            await self.deliver(stream, frame)

    def read_log(self, stream: str, since: int | None) -> tuple[list, int, bool]:
        last_id = events.last_id(stream)
        if since is None or since > last_id:
            return [], last_id, False
        oldest = events.oldest_kept(stream)
        too_old = since < last_id and (oldest is None or oldest > since + 1)
        if too_old:
            return [], last_id, True
        return (
            [events.frame(e) for e in events.events_after(stream, since)],
            last_id,
            False,
        )

    async def unsubscribe(self, content: dict[str, Any]) -> None:
        stream = content.get("stream")
        if isinstance(stream, str):
            await self.drop(stream)

    async def drop(self, stream: str) -> None:
        if self.streams.pop(stream, None) is not None:
            await self.channel_layer.group_discard(
                events.group_name(stream), self.channel_name
            )

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every handler, via
        # a hop to the one thread for sync code. Relaying a live event touches
        # no database, and that hop, taken once per connected client, is most
        # of the time a fan-out to hundreds of clients takes; skip it here.
        if message.get("type") == "stream.event":
            await self.stream_event(message)
            return
        await super().dispatch(message)

    async def stream_event(self, message: dict[str, Any]) -> None:
        frame, text = message["frame"], message.get("text")
        if (
            self.everyone
            and "token" in message
            and has_html_for_everyone(frame["event"])
            and self.is_live_on(frame["stream"])
        ):
            text = await SharedFrames.of_this_loop().text(message, self.language)
        await self.deliver(frame["stream"], frame, text)

    def is_live_on(self, stream: str) -> bool:
        state = self.streams.get(stream)
        return state is not None and state["buffer"] is None

    async def deliver(
        self, stream: str, frame: dict[str, Any], text: str | None = None
    ) -> None:
        """Send ``frame`` unless already sent; ``text`` is the frame already
        encoded once by the broadcaster for every receiving client."""
        state = self.streams.get(stream)
        if state is None:
            return
        if state["buffer"] is not None:
            state["buffer"].append(frame)
            return
        if frame["id"] <= state["last"]:
            return  # already sent (from the log, or ahead of its turn)
        if frame["id"] > state["last"] + 1:
            # Ahead of its turn: the events before it are committed (ids are
            # given out in commit order) but their broadcast is late or lost.
            await self.catch_up(stream, before=frame["id"])
        state["last"] = frame["id"]
        if text is None:
            await self.send_json(frame)
        else:
            await self.send(text_data=text)

    async def catch_up(self, stream: str, before: int | None = None) -> None:
        """Send, from the log, the stream's events after the last one sent
        (those before ``before`` only)."""
        state = self.streams[stream]
        missing = await database_sync_to_async(events.events_between)(
            stream, state["last"], before
        )
        for logged in missing:
            if stream not in self.streams or logged.seq <= state["last"]:
                continue
            state["last"] = logged.seq
            await self.send_json(events.frame(logged))

    def followed(self) -> list[str]:
        """Streams this connection is live on (not replaying)."""
        return [s for s, state in self.streams.items() if state["buffer"] is None]

    async def beat(self, heads: dict[str, int]) -> None:
        """What the log holds that this connection was not sent (``heads``:
        each stream's last id), then a heartbeat frame, unless the connection
        was sent something in the last half interval: it knows it is alive,
        and a busy discussion is spared a thousand frames at once."""
        quiet = (
            time.monotonic() - self.sent_at >= QUIET * settings.LIVE_HEARTBEAT_SECONDS
        )
        for stream in self.followed():
            state = self.streams.get(stream)
            if state and heads.get(stream, 0) > state["last"]:
                await self.catch_up(stream)
        if not quiet:
            return
        await self.send_json(
            {
                "type": "heartbeat",
                "streams": {s: state["last"] for s, state in self.streams.items()},
            }
        )

    async def send_error(self, code: str, message: str, stream: str = "") -> None:
        frame = {"type": "error", "code": code, "message": message}
        if stream:
            frame["stream"] = stream
        await self.send_json(frame)
        self.strikes += 1
        if self.strikes >= MAX_STRIKES:
            await self.close(code=CLOSE_ABUSE)


def page_language(query_string: bytes) -> str:
    """The language of the page that opened the socket, if it is one of the
    site's; the site's default otherwise."""
    asked = parse_qs(query_string.decode("latin-1")).get("lang", [""])[0]
    return asked if asked in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class Heart:
    """One beat per process for all its connections: every
    ``LIVE_HEARTBEAT_SECONDS``, one query for the last id of every stream any
    connection here follows; each connection that is behind catches up from
    the log, and each gets its heartbeat frame. The database sees one query a
    beat, however many sockets the process holds."""

    _by_loop: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Heart]" = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self) -> None:
        self.consumers: set[LiveConsumer] = set()
        self.task: asyncio.Task | None = None

    @classmethod
    def of_this_loop(cls) -> "Heart":
        loop = asyncio.get_running_loop()
        heart = cls._by_loop.get(loop)
        if heart is None:
            heart = cls._by_loop[loop] = cls()
        return heart

    def join(self, consumer: LiveConsumer) -> None:
        self.consumers.add(consumer)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self.run())

    def leave(self, consumer: LiveConsumer) -> None:
        self.consumers.discard(consumer)

    async def run(self) -> None:
        while self.consumers:
            await asyncio.sleep(settings.LIVE_HEARTBEAT_SECONDS)
            try:
                await self.beat()
            except Exception:  # noqa: BLE001 - the next beat tries again
                logger.warning("Live heartbeat failed; trying again", exc_info=True)

    async def beat(self) -> None:
        consumers = list(self.consumers)
        streams = sorted({s for c in consumers for s in c.followed()})
        heads = await database_sync_to_async(events.last_ids)(streams)
        for consumer in consumers:
            if consumer in self.consumers:
                try:
                    await consumer.beat(heads)
                except Exception:  # noqa: BLE001 - a closing socket; others go on
                    logger.info("Heartbeat to a closing connection failed")
