"""Who may open a WebSocket: pages of this very site.

Channels' ``AllowedHostsOriginValidator`` compares only the Origin's host name
with ALLOWED_HOSTS, so a page at ``http://idestad.example:8080`` (another
service on the same host, over plain HTTP) could open a socket with the
visitor's cookies. Here the Origin must be the site the socket was opened on,
scheme and port included, as Django's CSRF check demands of forms: the Host
header with ``https`` for ``wss`` and ``http`` for ``ws``, or one of
CSRF_TRUSTED_ORIGINS.
"""

from channels.security.websocket import WebsocketDenier
from django.conf import settings


def _header(scope: dict, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


def same_origin(scope: dict) -> bool:
    origin = _header(scope, b"origin").rstrip("/").lower()
    host = _header(scope, b"host").lower()
    if not origin or not host:
        return False
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    if origin == f"{scheme}://{host}":
        return True
    return origin in {o.rstrip("/").lower() for o in settings.CSRF_TRUSTED_ORIGINS}


class SameOriginValidator:
    """ASGI middleware: refuses (403) a WebSocket from any other origin."""

    def __init__(self, application) -> None:
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not same_origin(scope):
            denier = WebsocketDenier()
            return await denier(scope, receive, send)
        return await self.application(scope, receive, send)
