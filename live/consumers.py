"""The one WebSocket endpoint, /ws/.

Speaks the protocol in docs/realtime.md: JSON frames with a ``type``;
``ping``/``pong``; ``subscribe`` (with an optional ``since``: first everything
after it from the event log, in order, then live events, without duplicates) and
``unsubscribe``; an ``error`` frame for anything it cannot use, after which the
connection stays usable.
"""

import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext as _

from live import events
from live.streams import stream_check

MAX_FRAME_BYTES = 4096
MAX_SUBSCRIPTIONS = 50
# A token bucket per connection: FRAME_RATE frames a second on average, bursts
# of FRAME_BURST. Past it a frame gets a ``rate_limited`` error; a connection
# that earns MAX_STRIKES errors of any kind is closed with CLOSE_ABUSE.
FRAME_RATE = 10.0
FRAME_BURST = 60.0
MAX_STRIKES = 30
CLOSE_ABUSE = 4429


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        # stream → {"last": last id sent, "buffer": live frames held back while
        # the log is replayed, or None once live}
        self.streams: dict[str, dict[str, Any]] = {}
        self.tokens, self.refilled_at, self.strikes = FRAME_BURST, time.monotonic(), 0
        await self.accept()

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
        frame = message["frame"]
        await self.deliver(frame["stream"], frame, message.get("text"))

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
            return  # already sent from the log
        state["last"] = frame["id"]
        if text is None:
            await self.send_json(frame)
        else:
            await self.send(text_data=text)

    async def send_error(self, code: str, message: str, stream: str = "") -> None:
        frame = {"type": "error", "code": code, "message": message}
        if stream:
            frame["stream"] = stream
        await self.send_json(frame)
        self.strikes += 1
        if self.strikes >= MAX_STRIKES:
            await self.close(code=CLOSE_ABUSE)
