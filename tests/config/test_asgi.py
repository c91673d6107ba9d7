"""The ASGI application keeps the garbage collector's full passes out of the
way (config/asgi.py): what it loaded at start is frozen, and young objects are
collected seldom enough that a fan-out's burst dies before a pass sees it.
Both stalled the event loop; bench/realtime_fanout.py measures the effect."""

import gc
import importlib

# A fan-out to a thousand sockets of one process makes some tens of thousands
# of short-lived objects; the default young threshold is 700.
OBJECTS_IN_A_FAN_OUT = 20_000


def test_the_application_freezes_what_it_loaded_at_start():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    importlib.reload(importlib.import_module("config.asgi"))
    assert gc.get_freeze_count() > 10_000


def test_a_fan_out_fits_in_the_young_generation():
    defaults = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        importlib.reload(importlib.import_module("config.asgi"))
        young, middle, old = gc.get_threshold()
        assert young >= OBJECTS_IN_A_FAN_OUT
        assert middle >= 10 and old >= 10  # the older passes no more often
    finally:
        gc.set_threshold(*defaults)
