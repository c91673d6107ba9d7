"""The task worker's part in webhooks (opendata/webhook_sending.py)."""

from django_tasks import task

from opendata.webhook_sending import deliver_endpoint


@task()
def deliver_webhooks(endpoint_id: int) -> int:
    """Send an endpoint's due deliveries in order; safe to run twice."""
    return deliver_endpoint(endpoint_id)
