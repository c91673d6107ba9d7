"""Webhooks for partners: staff register an endpoint and the events it wants;
each such event becomes a delivery row in the same transaction as the change
(a listener on the event log, live.events), and the task worker sends it after
commit, signed, in order, retried for a day (opendata/webhook_sending.py).
The protocol is in docs/opendata.md."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from live.models import StreamEvent
from opendata.models import WebhookDelivery, WebhookEndpoint, WebhookEvent, new_secret
from opendata.webhook_sending import check_address

# Which events of the log a partner hears, and as what.
FROM_THE_LOG = {
    "idea.published": WebhookEvent.IDEA_CREATED,
    "idea.status_changed": WebhookEvent.IDEA_STATUS_CHANGED,
    "milestone.added": WebhookEvent.PROJECT_UPDATED,
    "milestone.completed": WebhookEvent.PROJECT_UPDATED,
    "indicator.measured": WebhookEvent.PROJECT_UPDATED,
    "project.updated": WebhookEvent.PROJECT_UPDATED,
    "post.created": WebhookEvent.COMMENT_CREATED,
}


def deliveries_for(logged: StreamEvent) -> None:
    """The event log's listener: a delivery for every active endpoint that
    wants this event, written in the change's transaction. Only events a
    partner may hear cost a query."""
    event = FROM_THE_LOG.get(logged.event)
    if event is None:
        return
    wanting = [
        endpoint.pk
        for endpoint in WebhookEndpoint.objects.filter(active=True).only("events")
        if event in endpoint.events
    ]
    if not wanting:
        return
    facts = {"log_event": logged.event, **logged.data}
    give_up_at = logged.created_at + timedelta(
        seconds=settings.WEBHOOK_RETRY_FOR_SECONDS
    )
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            endpoint_id=pk,
            event=event,
            stream=logged.stream,
            stream_seq=logged.seq,
            facts=facts,
            occurred_at=logged.created_at,
            next_attempt_at=logged.created_at,
            give_up_at=give_up_at,
        )
        for pk in wanting
    )
    transaction.on_commit(lambda: send_soon(wanting))


def send_soon(endpoint_ids: Iterable[int], *, at=None) -> None:
    """Ask the task worker to send each endpoint's due deliveries (``at`` a
    later time, for a retry). A backend that cannot wait leaves a retry to the
    scheduler's ``webhooks_deliver``, which looks every minute."""
    from opendata.tasks import deliver_webhooks

    for pk in endpoint_ids:
        if at is None:
            deliver_webhooks.enqueue(endpoint_id=pk)
        elif deliver_webhooks.get_backend().supports_defer:
            deliver_webhooks.using(run_after=at).enqueue(endpoint_id=pk)


def _check(actor: User) -> None:
    if not actor.has_perm("opendata.manage_webhooks"):
        raise PermissionDenied


def _clean(name: str, url: str, events: list[str]) -> tuple[str, str, list[str]]:
    name, url = name.strip(), url.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the webhook a name.")]
    chosen = [e for e in WebhookEvent.values if e in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        errors["events"] = [_("Choose at least one of the events listed.")]
    try:
        check_address(url)
    except ValidationError as error:
        errors["url"] = error.messages
    if errors:
        raise ValidationError(errors)
    return name, url, chosen


@transaction.atomic
def webhook_endpoint_save(
    *,
    actor: User,
    endpoint: WebhookEndpoint | None,
    name: str,
    url: str,
    events: list[str],
    active: bool = True,
) -> WebhookEndpoint:
    """Register an endpoint (``endpoint`` None) or change one. The address must
    answer on the public internet: never the city's own network."""
    _check(actor)
    name, url, events = _clean(name, url, events)
    if endpoint is None:
        endpoint = WebhookEndpoint(created_by=actor)
    else:
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.name, endpoint.url, endpoint.events = name, url, events
    endpoint.active = active
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_secret_rotate(*, actor: User, endpoint: WebhookEndpoint) -> str:
    """A new signing secret; deliveries from now on are signed with it."""
    _check(actor)
    secret = new_secret()
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(secret=secret)
    return secret


@transaction.atomic
def webhook_endpoint_delete(*, actor: User, endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint with its log of deliveries."""
    _check(actor)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).delete()


@transaction.atomic
def webhook_delivery_retry(*, actor: User, delivery: WebhookDelivery) -> bool:
    """Send a delivery that was given up again, now, with the same body (and
    the day of retries counted afresh); False if it is not given up."""
    _check(actor)
    now = timezone.now()
    again = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.Status.FAILED
    ).update(
        status=WebhookDelivery.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        give_up_at=now + timedelta(seconds=settings.WEBHOOK_RETRY_FOR_SECONDS),
    )
    if again:
        endpoint_id = delivery.endpoint_id
        transaction.on_commit(lambda: send_soon([endpoint_id]))
    return bool(again)
