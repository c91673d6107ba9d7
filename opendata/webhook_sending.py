"""Sending webhook deliveries: one worker at a time per endpoint (a lease on
the endpoint's row), oldest delivery first, and the next only once the one
before it was answered with 2xx or given up, so a partner hears of an
object's changes in the order they happened. A failed attempt is retried
with doubling waits until the delivery's day is over.

Each request is signed: ``X-Idestad-Signature: t=<unix time>,v1=<hex>`` where
the hex is HMAC-SHA256 with the endpoint's secret over ``"<t>.<body>"``.

The address is resolved before every attempt and refused unless every
address it names is on the public internet, and the connection goes to the
address that was checked (no second lookup a hostile DNS could answer
differently), and redirects are not followed: a webhook can never be pointed
at the city's own network."""

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import time
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from opendata.models import WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Idestad-Signature"
TIMEOUT_SECONDS = 10


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def check_address(url: str) -> list[str]:
    """The addresses ``url`` may be reached at; ValidationError (in the
    person's language) for anything else than http(s) to public addresses."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise ValidationError(_("Enter a valid web address.")) from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("The address must begin with https:// or http://."))
    if parts.username or parts.password:
        raise ValidationError(_("The address may not hold a user name or password."))
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise ValidationError(
            _("No server answers to the name %(host)s.") % {"host": parts.hostname}
        ) from error
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES and not all(
        _is_public(a) for a in addresses
    ):
        raise ValidationError(
            _(
                "The address leads into a private or local network; a webhook "
                "must go to a server on the public internet."
            )
        )
    return addresses


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        ip = mapped
    return ip.is_global and not ip.is_multicast


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    """POST ``body``; the status code and the start of the answer. Raises
    ValidationError for a refused address, OSError when nothing answered."""
    address = check_address(url)[0]
    parts = urlsplit(url)
    connection_class = (
        _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(
        parts.hostname or "",
        parts.port or (443 if parts.scheme == "https" else 80),
        address=address,
        timeout=TIMEOUT_SECONDS,
    )
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(500).decode("utf-8", "replace")
        return response.status, excerpt
    finally:
        connection.close()


def deliver_endpoint(endpoint_id: int) -> int:
    """Send the endpoint's due deliveries in order; the number delivered. Safe
    to run at any time and in any number of workers."""
    delivered = 0
    while _claim(endpoint_id):
        try:
            sent, retry_at = _send_due(endpoint_id)
            delivered += sent
        finally:
            WebhookEndpoint.objects.filter(pk=endpoint_id).update(lease_until=None)
        if retry_at is not None:
            from opendata.webhooks import send_soon

            send_soon([endpoint_id], at=retry_at)
            break
        # A delivery written while the lease was held found it taken and left
        # its sending to this worker: look once more before leaving.
        if not _due(endpoint_id).exists():
            break
    return delivered


def endpoints_due() -> list[int]:
    """Endpoints with a delivery due now (the scheduler's safety net)."""
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING,
            next_attempt_at__lte=timezone.now(),
            endpoint__active=True,
        )
        .values_list("endpoint_id", flat=True)
        .distinct()
        .order_by("endpoint_id")
    )


def _due(endpoint_id: int):
    return WebhookDelivery.objects.filter(
        endpoint_id=endpoint_id,
        status=WebhookDelivery.Status.PENDING,
        endpoint__active=True,
        next_attempt_at__lte=timezone.now(),
    )


def _claim(endpoint_id: int) -> bool:
    now = timezone.now()
    return bool(
        WebhookEndpoint.objects.filter(pk=endpoint_id, active=True)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .update(lease_until=now + timedelta(seconds=settings.TASK_LEASE_SECONDS))
    )


def _send_due(endpoint_id: int) -> tuple[int, datetime | None]:
    """Deliveries oldest first until one fails or none is left: how many were
    delivered, and when to try again (None when nothing waits)."""
    endpoint = WebhookEndpoint.objects.get(pk=endpoint_id)
    pending = WebhookDelivery.objects.filter(
        endpoint_id=endpoint_id, status=WebhookDelivery.Status.PENDING
    ).order_by("id")
    sent = 0
    while (delivery := pending.first()) is not None:
        now = timezone.now()
        if delivery.give_up_at <= now:
            _give_up(delivery)
            continue
        if delivery.next_attempt_at > now:
            return sent, delivery.next_attempt_at
        # Keep the lease while sending, however long the queue.
        WebhookEndpoint.objects.filter(pk=endpoint_id).update(
            lease_until=now + timedelta(seconds=settings.TASK_LEASE_SECONDS)
        )
        if not _attempt(endpoint, delivery):
            return sent, delivery.next_attempt_at
        sent += delivery.status == WebhookDelivery.Status.DELIVERED
    return sent, None


def _give_up(delivery: WebhookDelivery) -> None:
    delivery.status = WebhookDelivery.Status.FAILED
    delivery.save(update_fields=["status"])
    logger.warning(
        "Webhook delivery %s to endpoint %s given up after %s attempts",
        delivery.pk,
        delivery.endpoint_id,
        delivery.attempts,
    )


def _attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> bool:
    """One try; True when the delivery is done with (delivered or skipped)."""
    from opendata.webhook_payloads import envelope

    if not delivery.body:
        payload = envelope(delivery)
        if payload is None:
            delivery.status = WebhookDelivery.Status.SKIPPED
            delivery.save(update_fields=["status"])
            return True
        delivery.body = json.dumps(payload, ensure_ascii=False, cls=_Encoder)
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "Idestad-Webhooks/1",
        "X-Idestad-Event": delivery.event,
        "X-Idestad-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), body),
    }
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_code, delivery.response_excerpt, delivery.error = None, "", ""
    try:
        code, excerpt = post(endpoint.url, body, headers)
        delivery.response_code, delivery.response_excerpt = code, excerpt
    except (OSError, http.client.HTTPException, ValidationError) as error:
        delivery.error = _describe(error)[:500]
    if delivery.response_code is not None and 200 <= delivery.response_code < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
    else:
        delivery.next_attempt_at = timezone.now() + _wait(delivery.attempts)
    delivery.save()
    return delivery.status == WebhookDelivery.Status.DELIVERED


def _wait(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, … doubling up to an hour between tries."""
    base = settings.WEBHOOK_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 3600))


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return f"{type(error).__name__}: {error}"


class _Encoder(json.JSONEncoder):
    def default(self, o: object) -> object:
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, datetime):
            return o.isoformat()
        return super().default(o)
