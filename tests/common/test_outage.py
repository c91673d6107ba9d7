"""An outage is logged in a few lines, not one per failed call: when it
began (with why), that it goes on (at most once a minute), and when it ended
(with how long and how many calls failed)."""

import logging
import threading

import pytest

from common.outage import Outage

LOGGER = "tests.outage"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outage(clock) -> Outage:
    return Outage(
        logging.getLogger(LOGGER),
        "Service away (%(what)s: %(error)s)",
        "Service back after %(seconds).1f s (%(failures)d failed)",
        clock=clock,
    )


def lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == LOGGER]


def test_a_burst_of_failures_is_one_line_with_its_traceback(outage, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(500):
            outage.failed(ConnectionRefusedError("refused"), what="publish")
    [line] = lines(caplog)
    assert line.getMessage() == "Service away (publish: refused)"
    assert line.exc_info is not None and line.exc_info[0] is ConnectionRefusedError
    assert outage.failures == 500


def test_a_long_outage_says_once_a_minute_that_it_goes_on(outage, clock, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(181):  # a failure a second for three minutes
            outage.failed(TimeoutError("timed out"), what="get")
            clock.now += 1
    messages = [line.getMessage() for line in lines(caplog)]
    assert messages == [
        "Service away (get: timed out)",
        "Service away (get: timed out) (still failing: 61 calls in 60 s)",
        "Service away (get: timed out) (still failing: 121 calls in 120 s)",
        "Service away (get: timed out) (still failing: 181 calls in 180 s)",
    ]
    assert all(line.exc_info is None for line in lines(caplog)[1:])


def test_the_end_of_an_outage_says_how_long_and_how_many(outage, clock, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        for _ in range(37):
            outage.failed(ConnectionError("down"), what="ping")
            clock.now += 0.1
        outage.recovered()
        outage.recovered()  # already back: nothing more to say
    messages = [line.getMessage() for line in lines(caplog)]
    assert messages[1:] == ["Service back after 3.7 s (37 failed)"]
    assert outage.down_since is None and outage.failures == 0


def test_a_new_outage_is_told_afresh(outage, clock, caplog):
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        outage.failed(ConnectionError("first"), what="ping")
        clock.now += 5
        outage.recovered()
        clock.now += 5
        outage.failed(ConnectionError("second"), what="ping")
    messages = [line.getMessage() for line in lines(caplog)]
    assert messages == [
        "Service away (ping: first)",
        "Service back after 5.0 s (1 failed)",
        "Service away (ping: second)",
    ]


def test_without_traceback_the_first_line_has_none(clock, caplog):
    quiet = Outage(
        logging.getLogger(LOGGER),
        "Away (%(error)s)",
        "Back",
        traceback=False,
        clock=clock,
    )
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        quiet.failed(ConnectionError("down"))
    [line] = lines(caplog)
    assert line.getMessage() == "Away (down)" and line.exc_info is None


def test_threads_failing_together_count_every_failure_and_log_once(outage, caplog):
    """Request threads fail at once when Redis goes; the count is exact and
    the outage is told once."""
    start = threading.Barrier(8)

    def fail_many() -> None:
        start.wait()
        for _ in range(1000):
            outage.failed(ConnectionError("down"), what="publish")

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        threads = [threading.Thread(target=fail_many) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outage.recovered()
    messages = [line.getMessage() for line in lines(caplog)]
    assert messages == [
        "Service away (publish: down)",
        "Service back after 0.0 s (8000 failed)",
    ]
