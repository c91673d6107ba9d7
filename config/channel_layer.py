"""The channel layer: channels_redis's pub/sub layer, with a publish that the
calling thread makes itself.

A broadcast after a write (``live.events``) ran as ``async_to_sync(group_send)``
from the request's thread: the thread handed the publish to the event loop and
slept until the loop said it was done. Under a crowd of supports on one idea
that hop was a sixth of a worker's time holding the GIL: the loop's wake-ups,
its Redis client, and its socket write, which holds the GIL while the kernel
hands the bytes to Redis (``bench/hot_idea.py``, ``docs/decisions.md``).

``group_send_now`` publishes the same bytes on the same Redis channel as
``group_send`` with a plain Redis client from the thread that asks (its socket
calls let go of the GIL), so every subscriber, in any process, receives it as
it would the layer's own. Hosts given as a Sentinel have no such client here;
for them ``group_send_now`` hands the publish to the event loop as before.
"""

import threading
import time
from typing import Any

import redis
from asgiref.sync import async_to_sync
from channels_redis.pubsub import RedisPubSubChannelLayer
from channels_redis.utils import _consistent_hash, decode_hosts

# A publish is a broadcast after commit: the event log has the event, so a
# publish that cannot be made soon is given up, not waited for.
CONNECT_TIMEOUT_SECONDS = 0.5
TIMEOUT_SECONDS = 1.0
# After a failure, Redis is not asked again for this long: every write of the
# moment must not wait for a refused connection in its turn.
RETRY_AFTER_SECONDS = 2.0


class RedisAway(redis.ConnectionError):
    """Redis failed a publish a moment ago; not asked again yet."""


class PubSubChannelLayer(RedisPubSubChannelLayer):
    def __init__(self, hosts=None, prefix: str = "asgi", **kwargs: Any) -> None:
        super().__init__(hosts=hosts, prefix=prefix, **kwargs)
        # Set before anything reads them: the parent answers unknown
        # attributes from its per-event-loop layer.
        self._prefix = prefix
        self._hosts = decode_hosts(hosts)
        self._clients: list[redis.Redis] | None = None
        self._clients_lock = threading.Lock()
        self._retry_at = 0.0
        self._sentinel = any("master_name" in host for host in self._hosts)

    def group_send_now(self, group: str, message: dict[str, Any]) -> None:
        """``group_send`` from a thread without a running event loop; raises
        a ``redis.RedisError`` if Redis does not take it."""
        if self._sentinel:
            async_to_sync(self.group_send)(group, message)
            return
        if time.monotonic() < self._retry_at:
            raise RedisAway("Redis failed a publish a moment ago")
        channel = f"{self._prefix}__group__{group}"  # as channels_redis names it
        clients = self._clients or self._connect()
        client = clients[_consistent_hash(channel, len(clients))]
        try:
            client.publish(channel, self.serialize(message))
        except redis.RedisError:
            self._retry_at = time.monotonic() + RETRY_AFTER_SECONDS
            raise

    def _connect(self) -> list[redis.Redis]:
        """One client (a thread-safe pool of connections) per host, made once."""
        with self._clients_lock:
            if self._clients is None:
                self._clients = [_client(dict(host)) for host in self._hosts]
            return self._clients


def _client(host: dict[str, Any]) -> redis.Redis:
    host.setdefault("socket_connect_timeout", CONNECT_TIMEOUT_SECONDS)
    host.setdefault("socket_timeout", TIMEOUT_SECONDS)
    if "address" in host:
        return redis.Redis.from_url(host.pop("address"), **host)
    return redis.Redis(**host)
