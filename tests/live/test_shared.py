"""live.shared renders on a thread of its own; a forked server process (a
pre-forking server, the tests' own workers) must get a thread of its own too,
or every reader not signed in would wait forever for a post."""

import os

from live import shared


def test_a_forked_process_renders_on_a_thread_of_its_own():
    assert shared._renderer.submit(lambda: "parent").result(timeout=5) == "parent"
    child = os.fork()
    if child == 0:  # the forked process: its renderer must run work
        try:
            ran = shared._renderer.submit(lambda: "child").result(timeout=5)
            os._exit(0 if ran == "child" else 1)
        except BaseException:  # noqa: BLE001 - any failure is the exit code
            os._exit(2)
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
