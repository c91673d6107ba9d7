"""The HTTP fallback for live updates, for browsers where WebSockets are
blocked: the same event log, the same frames, the same permissions.

``GET /live/events/?s=idea.42:17&s=user.3:`` answers
``{"frames": [...]}`` holding, per stream, either the events after the given id
(at most 100, in order) or an ``error`` frame (``reload``, ``forbidden``,
``unknown_stream``, ``bad_frame``), then a ``subscribed`` frame with the last id.
``stream:`` without an id asks only for the last id (for a client that wants
live events only, from now on).
"""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views import View

from common.parsing import parse_count
from live import events
from live.consumers import MAX_SUBSCRIPTIONS
from live.streams import stream_check

PER_STREAM = 100


def _error(stream: str, code: str, message: str) -> dict:
    return {"type": "error", "stream": stream, "code": code, "message": message}


def frames_for(user, stream: str, since: int) -> list[dict]:
    check = stream_check(user, stream)
    if not check.ok:
        return [_error(stream, check.code, _("You cannot follow this stream."))]
    last_id = events.last_id(stream)
    if since > last_id:
        return [_error(stream, "bad_since", _("That id has not happened yet."))]
    oldest = events.oldest_kept(stream)
    if since < last_id and (oldest is None or oldest > since + 1):
        return [_error(stream, "reload", _("Too much has happened since; reload."))]
    replay = [
        events.frame(e) for e in events.events_after(stream, since, limit=PER_STREAM)
    ]
    sent_to = replay[-1]["id"] if replay else since
    return [*replay, {"type": "subscribed", "stream": stream, "last_id": sent_to}]


def live_only(user, stream: str) -> list[dict]:
    """``stream:`` with no id: no replay, only where the stream stands now."""
    check = stream_check(user, stream)
    if not check.ok:
        return [_error(stream, check.code, _("You cannot follow this stream."))]
    return [{"type": "subscribed", "stream": stream, "last_id": events.last_id(stream)}]


class LiveEventsView(View):
    def get(self, request: HttpRequest) -> JsonResponse:
        frames: list[dict] = []
        for item in request.GET.getlist("s")[:MAX_SUBSCRIPTIONS]:
            stream, _sep, since_text = item.rpartition(":")
            if stream and since_text == "":
                frames.extend(live_only(request.user, stream))
                continue
            since = parse_count(since_text)
            if not stream or since is None:
                frames.append(
                    _error(item[:80], "bad_frame", _("Ask with stream:last_id."))
                )
                continue
            frames.extend(frames_for(request.user, stream, since))
        response = JsonResponse({"frames": frames})
        response["Cache-Control"] = "no-store"
        return response
