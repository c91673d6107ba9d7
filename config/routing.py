"""WebSocket routes: the live app's one endpoint, /ws/."""

from live.routing import websocket_urlpatterns

__all__ = ["websocket_urlpatterns"]
