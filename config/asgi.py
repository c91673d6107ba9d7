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
