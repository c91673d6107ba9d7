"""ASGI entry point: HTTP through Django, WebSocket through Channels."""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

# Django must be set up before anything imports models.
django.setup(set_prefix=False)

from config.http import ThreadedHTTPHandler  # noqa: E402

django_asgi_app = ThreadedHTTPHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from live.origin import SameOriginValidator  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The host must be one of ours, and the page that opens the socket
        # must be this very site: scheme and port included (live/origin.py).
        "websocket": AllowedHostsOriginValidator(
            SameOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)

# Everything loaded so far (Django, Wagtail, our modules, the URL conf) lives
# as long as the process: keep it out of the garbage collector's full passes,
# which otherwise walked all of it and stalled a request for ~0.2 s every few
# dozen requests (bench/api.py's max column).
gc.freeze()

# What is made after start-up is mostly per connection: with a thousand open
# sockets, some 200,000 objects that a full pass walks in 80-180 ms, holding
# the event loop. At the default thresholds (700, 10, 10) a fan-out's burst of
# short-lived frames and messages, caught alive by a young collection, made
# one every few posts: the slowest posts of bench/realtime_fanout.py (first
# reader at 130-220 ms, not 50). Collected only every 50,000 allocations, the
# burst is gone by refcount before any pass sees it (docs/realtime.md).
YOUNG_GENERATION_THRESHOLD = 50_000
gc.set_threshold(YOUNG_GENERATION_THRESHOLD, 20, 20)
