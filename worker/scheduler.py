"""The periodic jobs (the daily digest, pruning, search reconciliation) run by
one small process beside the task worker, ``manage.py scheduler``, with no
cron. Every job is a management command with a schedule in ``SCHEDULE``:
``"daily HH:MM"`` (local time, ``TIME_ZONE``) or ``"every N minutes"``.

Any number of schedulers may run: each job's due time (its slot) is claimed
by creating a ``ScheduledRun`` row, unique per job and slot, so one scheduler
runs it and the others skip it. A scheduler that started late runs the latest
missed slot once (not every missed one). A run whose scheduler died (started
longer than ``SCHEDULER_LEASE_SECONDS`` ago and never finished) may be taken
over; the jobs are safe to run twice (the digest keeps one ``DigestSent`` row
per person and day)."""

import io
import logging
import os
import re
import socket
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from worker.models import ScheduledRun

log = logging.getLogger(__name__)
DAILY = re.compile(r"^daily (\d{1,2}):(\d{2})$", re.ASCII)
EVERY = re.compile(r"^every (\d+) minutes?$", re.ASCII)


@dataclass(frozen=True)
class Job:
    name: str
    daily_at: time | None = None
    every: timedelta | None = None

    @classmethod
    def parse(cls, name: str, schedule: str) -> "Job":
        if daily := DAILY.match(schedule.strip()):
            return cls(name, daily_at=time(int(daily[1]), int(daily[2])))
        if (every := EVERY.match(schedule.strip())) and int(every[1]) > 0:
            return cls(name, every=timedelta(minutes=int(every[1])))
        raise ValueError(
            f"{name}: {schedule!r} is neither 'daily HH:MM' nor 'every N minutes'."
        )

    def slot(self, now: datetime) -> datetime:
        """The latest time at or before ``now`` the job was due."""
        if self.every:
            seconds = self.every.total_seconds()
            return datetime.fromtimestamp(
                now.timestamp() // seconds * seconds, tz=now.tzinfo
            )
        daily_at = self.daily_at or time(0, 0)  # parse() sets one of the two
        local = timezone.localtime(now)
        due = local.replace(
            hour=daily_at.hour,
            minute=daily_at.minute,
            second=0,
            microsecond=0,
        )
        return due if due <= local else due - timedelta(days=1)


def jobs() -> list[Job]:
    return [Job.parse(name, schedule) for name, schedule in settings.SCHEDULE.items()]


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(job: Job, slot: datetime, runner: str, now: datetime) -> bool:
    """Whether this scheduler is the one to run ``job`` for ``slot``."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(
                job=job.name, slot=slot, runner=runner, started_at=now
            )
        return True
    except IntegrityError:
        stale = now - timedelta(seconds=settings.SCHEDULER_LEASE_SECONDS)
        taken_over = ScheduledRun.objects.filter(
            job=job.name, slot=slot, finished_at__isnull=True, started_at__lt=stale
        ).update(runner=runner, started_at=now, attempts=F("attempts") + 1)
        return taken_over == 1


def run(job: Job, slot: datetime, runner: str) -> str:
    """Run the job's command; its output, or the error, is kept on the run."""
    output = io.StringIO()
    try:
        call_command(job.name, stdout=output, stderr=output)
        outcome = output.getvalue().strip() or "done"
    except Exception as error:  # noqa: BLE001 - one failing job must not stop the others
        log.exception("Scheduled job %s failed", job.name)
        outcome = f"failed: {error!r}"
    ScheduledRun.objects.filter(job=job.name, slot=slot, runner=runner).update(
        finished_at=timezone.now(), outcome=outcome[:10_000]
    )
    return outcome


def run_due(runner: str, now: datetime | None = None) -> dict[str, str]:
    """Claim and run every job that is due; per job: what happened here."""
    now = now or timezone.now()
    happened = {}
    for job in jobs():
        slot = job.slot(now)
        if claim(job, slot, runner, now):
            happened[job.name] = f"ran: {run(job, slot, runner)}"
        else:
            happened[job.name] = "not due or run by another scheduler"
    return happened
