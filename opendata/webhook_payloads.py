"""What a webhook delivery carries: the object as the open API shows it at
the time of sending (so only what the public site shows), with what changed.

    {"id": 12, "event": "idea.status_changed", "occurred_at": "…",
     "sequence": {"stream": "idea.42", "id": 7},
     "data": {"idea": {…}, "status": "accepted", "reason": "…"}}

An object no longer public when its delivery is sent (hidden, removed) is not
sent at all: the delivery is marked skipped."""

from typing import Any

from common.site import site_url
from opendata.api import api_ideas, api_projects
from opendata.models import WebhookDelivery, WebhookEvent
from opendata.serializers import CommentSerializer, IdeaSerializer, ProjectSerializer
from opendata.tables import public_posts


def envelope(delivery: WebhookDelivery) -> dict[str, Any] | None:
    data = _data(delivery)
    if data is None:
        return None
    return {
        "id": delivery.pk,
        "event": delivery.event,
        "occurred_at": delivery.occurred_at.isoformat(),
        # Events on one object are numbered in the order they happened.
        "sequence": {"stream": delivery.stream, "id": delivery.stream_seq},
        "data": data,
    }


def _object_id(delivery: WebhookDelivery) -> int:
    return int(delivery.stream.rsplit(".", 1)[1])


def _data(delivery: WebhookDelivery) -> dict[str, Any] | None:
    context = {"site": site_url()}
    facts = delivery.facts
    if delivery.event in (WebhookEvent.IDEA_CREATED, WebhookEvent.IDEA_STATUS_CHANGED):
        idea = api_ideas().filter(pk=_object_id(delivery)).first()
        if idea is None:
            return None
        data: dict[str, Any] = {"idea": IdeaSerializer(idea, context=context).data}
        if delivery.event == WebhookEvent.IDEA_STATUS_CHANGED:
            data |= {"status": facts.get("status"), "reason": facts.get("reason", "")}
        return data
    if delivery.event == WebhookEvent.PROJECT_UPDATED:
        project = api_projects().filter(pk=_object_id(delivery)).first()
        if project is None:
            return None
        return {
            "project": ProjectSerializer(project, context=context).data,
            "change": _project_change(facts),
        }
    if delivery.event == WebhookEvent.COMMENT_CREATED:
        post = (
            public_posts()
            .select_related("author")
            .filter(pk=facts.get("post_id"))
            .first()
        )
        if post is None:
            return None
        return {"comment": CommentSerializer(post, context=context).data}
    return None


def _project_change(facts: dict[str, Any]) -> str:
    """What changed: milestone_added, milestone_completed, indicator_measured,
    details, report or indicator."""
    if facts.get("log_event") == "project.updated":
        return str(facts.get("what", "details"))
    return str(facts.get("log_event", "")).replace(".", "_")
