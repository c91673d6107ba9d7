from django.conf import settings
from django.http import HttpRequest


def live(request: HttpRequest) -> dict[str, str]:
    """How often the server's heartbeat comes, for live.js (as plain text: a
    localised "15,0" would not read as a number)."""
    return {"live_heartbeat_seconds": repr(float(settings.LIVE_HEARTBEAT_SECONDS))}
