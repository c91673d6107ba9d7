from django.db import models


class WorkerBeat(models.Model):
    """A task worker's last sign of life. A worker that stops beating for longer
    than ``TASK_LEASE_SECONDS`` is dead, and its running tasks go back to the
    queue (worker/lease.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class ScheduledRun(models.Model):
    """One run of a periodic job for one due time (``slot``). The unique pair
    is the lock: of two schedulers reaching the same slot, one creates the row
    and runs the job, the other finds it and does not (worker/scheduler.py)."""

    job = models.CharField(max_length=100)
    slot = models.DateTimeField()
    runner = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    outcome = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduledrun_once")
        ]

    def __str__(self) -> str:
        return f"{self.job} at {self.slot:%Y-%m-%d %H:%M}"
