"""Leases for tasks: nothing a worker took is lost when the worker dies.

django-tasks-db marks a task RUNNING when a worker claims it and only ever
claims READY tasks, so a worker killed mid-task (``kill -9``, out of memory, a
lost machine) would leave its task RUNNING for good. Each worker beats
(``WorkerBeat``) every ``TASK_HEARTBEAT_SECONDS``; a RUNNING task whose worker
has not beaten for ``TASK_LEASE_SECONDS`` goes back to READY and another worker
runs it again. Tasks must therefore be safe to run twice (notification e-mail
is: notifications/tasks.py). A task that has taken down ``TASK_MAX_ATTEMPTS``
workers is marked failed rather than tried forever.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from worker.models import WorkerBeat

logger = logging.getLogger(__name__)
LOST = "worker.lease.WorkerLost"


def lease() -> timedelta:
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def beat(worker_id: str) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id, defaults={"beat_at": timezone.now()}
    )


def requeue_abandoned() -> tuple[int, int]:
    """Give the RUNNING tasks of dead workers back to the queue; fail those that
    have already taken down TASK_MAX_ATTEMPTS workers. Returns (requeued, failed)."""
    cutoff = timezone.now() - lease()
    alive = set(
        WorkerBeat.objects.filter(beat_at__gte=cutoff).values_list(
            "worker_id", flat=True
        )
    )
    with transaction.atomic():
        # A task claimed within the lease may belong to a worker whose first beat
        # is still on its way; locked rows are another sweeper's.
        running = (
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
            .only("id", "worker_ids")
        )
        abandoned = [
            task
            for task in running
            if not task.worker_ids or task.worker_ids[-1] not in alive
        ]
        limit = settings.TASK_MAX_ATTEMPTS
        spent = [task.pk for task in abandoned if len(task.worker_ids) >= limit]
        again = [task.pk for task in abandoned if len(task.worker_ids) < limit]
        DBTaskResult.objects.filter(pk__in=again).update(
            status=TaskResultStatus.READY, started_at=None
        )
        DBTaskResult.objects.filter(pk__in=spent).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=LOST,
            traceback=(
                f"The worker running this task stopped {settings.TASK_MAX_ATTEMPTS} "
                "times without finishing it; it is not tried again."
            ),
        )
    # Workers gone for good are forgotten after a while.
    WorkerBeat.objects.filter(beat_at__lt=cutoff - 10 * lease()).delete()
    for pk in again:
        logger.warning("Task %s was running on a worker that died: queued again.", pk)
    for pk in spent:
        logger.error(
            "Task %s took down %s workers: marked failed.",
            pk,
            settings.TASK_MAX_ATTEMPTS,
        )
    return len(again), len(spent)


class Heartbeat(threading.Thread):
    """Beats for this worker and sweeps for dead ones, beside the task loop.

    A thread of its own, so a long task does not stop the beat: the lease is
    about the process being alive, not about how long a task may take."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                beat(self.worker_id)
                requeue_abandoned()
            except Exception:  # the database may be away for a moment; beat again
                logger.exception("The task worker's heartbeat failed; trying again.")
            finally:
                close_old_connections()
                connection.close()
            self.stopped.wait(settings.TASK_HEARTBEAT_SECONDS)

    def stop(self) -> None:
        self.stopped.set()
