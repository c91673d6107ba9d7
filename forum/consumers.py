"""The one WebSocket endpoint, /ws/.

The foundation speaks the connection layer of the protocol in docs/realtime.md:
JSON frames with a ``type``, ``ping``/``pong`` for keep-alive, and an ``error`` frame
for anything it cannot read, after which the connection stays usable. Streams
(``subscribe``) are added by the discussion issue on top of this.
"""

import json
from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext as _

MAX_FRAME_BYTES = 4096


class LiveConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None
    ) -> None:
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
        if content["type"] == "ping":
            await self.send_json({"type": "pong"})
            return
        await self.send_error("unknown_type", _("This type of frame is not known."))

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "code": code, "message": message})
