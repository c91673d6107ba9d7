"""The ASGI application keeps what it loaded at start out of the garbage
collector's full passes (config/asgi.py): those passes stalled requests."""

import gc
import importlib


def test_the_application_freezes_what_it_loaded_at_start():
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    importlib.reload(importlib.import_module("config.asgi"))
    assert gc.get_freeze_count() > 10_000
