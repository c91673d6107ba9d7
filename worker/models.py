from django.db import models


class WorkerBeat(models.Model):
    """A task worker's last sign of life. A worker that stops beating for longer
    than ``TASK_LEASE_SECONDS`` is dead, and its running tasks go back to the
    queue (worker/lease.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
