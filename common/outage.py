"""What a process knows of a service being away, and what it logs about it.

A service that is away (Redis, say) fails every call of the moment: a crowd
of supports during four seconds without Redis logged 537 tracebacks, one per
broadcast (bench/hot_idea.py). An operator needs three lines, not hundreds:
when it went away and why, that it is still away (at most once a minute),
and when it came back with how many calls failed meanwhile.
"""

import logging
import threading
import time
from collections.abc import Callable

WARN_EVERY_SECONDS = 60.0


class Outage:
    def __init__(
        self,
        logger: logging.Logger,
        away: str,
        back: str,
        *,
        warn_every: float = WARN_EVERY_SECONDS,
        traceback: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``away`` is the message of the first failure, formatted with
        ``%(error)s`` and ``%(what)s`` (the call that failed); ``back`` the
        message of the first success after it, with ``%(seconds).1f`` and
        ``%(failures)d``. ``traceback``: whether the first failure's line
        carries its traceback."""
        self._logger = logger
        self._away = away
        self._back = back
        self._warn_every = warn_every
        self._traceback = traceback
        self._clock = clock
        self._lock = threading.Lock()
        self.down_since: float | None = None
        self.failures = 0
        self._warned_at = 0.0

    def failed(self, error: BaseException, what: str = "") -> None:
        """Count one failed call; log the first (with its traceback, if
        asked), then a line at most every ``warn_every`` seconds while the
        service is away."""
        with self._lock:
            now = self._clock()
            self.failures += 1
            if self.down_since is None:
                self.down_since = self._warned_at = now
                first = True
            elif now - self._warned_at >= self._warn_every:
                self._warned_at = now
                first = False
            else:
                return
            failures, since = self.failures, now - self.down_since
        details = {"error": error, "what": what}
        if first:
            exc_info = error if self._traceback else None
            self._logger.warning(self._away, details, exc_info=exc_info)
        else:
            self._logger.warning(
                "%s (still failing: %d calls in %.0f s)",
                self._away % details,
                failures,
                since,
            )

    def recovered(self) -> None:
        """A call succeeded: log the end of an outage, if there was one."""
        if self.down_since is None:  # the usual case, without taking the lock
            return
        with self._lock:
            if self.down_since is None:
                return
            seconds = self._clock() - self.down_since
            failures = self.failures
            self.down_since = None
            self.failures = 0
        self._logger.warning(self._back, {"seconds": seconds, "failures": failures})
