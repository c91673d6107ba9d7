"""The scheduler runs each periodic job once per due time, however many
schedulers run, catches up once after a stop, takes over a run whose scheduler
died, and keeps going when one job fails."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import timezone

from notifications import services
from notifications.models import DigestSent
from tests.ideas.factories import VerifiedUserFactory
from tests.processes import HOST, manage, production_env
from tests.smtp_sink import SmtpSink
from worker.models import ScheduledRun
from worker.scheduler import Job, run_due

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
DIGEST_ONLY = {"send_digests": "daily 07:00"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=STOCKHOLM)


@override_settings(SCHEDULE=DIGEST_ONLY)
def test_a_daily_job_runs_once_per_day_at_its_time():
    assert run_due("a", at(2, 8))["send_digests"].startswith("ran")
    assert run_due("b", at(2, 9))["send_digests"].startswith("not due")
    assert run_due("a", at(3, 6, 59))["send_digests"].startswith("not due")
    assert run_due("b", at(3, 7))["send_digests"] == "ran: Sent 0 digests."
    runs = ScheduledRun.objects.order_by("slot")
    assert [(r.slot, r.runner) for r in runs] == [(at(2, 7), "a"), (at(3, 7), "b")]
    assert all(r.finished_at and r.outcome == "Sent 0 digests." for r in runs)


@override_settings(SCHEDULE=DIGEST_ONLY)
def test_a_scheduler_that_was_stopped_for_days_runs_the_latest_slot_once():
    run_due("a", at(1, 8))
    assert run_due("a", at(5, 12))["send_digests"].startswith("ran")
    assert run_due("a", at(5, 13))["send_digests"].startswith("not due")
    assert ScheduledRun.objects.count() == 2


@override_settings(SCHEDULE=DIGEST_ONLY, SCHEDULER_LEASE_SECONDS=600)
def test_a_run_left_by_a_dead_scheduler_is_taken_over_after_the_lease():
    ScheduledRun.objects.create(
        job="send_digests", slot=at(2, 7), runner="dead", started_at=at(2, 7, 1)
    )
    assert run_due("alive", at(2, 7, 5))["send_digests"].startswith("not due")
    assert run_due("alive", at(2, 7, 12))["send_digests"].startswith("ran")
    run = ScheduledRun.objects.get()
    assert (run.runner, run.attempts, run.outcome) == ("alive", 2, "Sent 0 digests.")


@override_settings(SCHEDULE={"no_such_command": "daily 03:00", **DIGEST_ONLY})
def test_a_failing_job_is_recorded_and_the_others_still_run():
    happened = run_due("a", at(2, 8))
    assert happened["no_such_command"].startswith("ran: failed: CommandError")
    assert happened["send_digests"] == "ran: Sent 0 digests."
    failed = ScheduledRun.objects.get(job="no_such_command")
    assert failed.finished_at and "Unknown command" in failed.outcome


def test_schedules_are_read_strictly():
    every = Job.parse("prune_events", "every 15 minutes")
    assert every.slot(at(2, 10, 44)) == at(2, 10, 30)
    assert Job.parse("send_digests", "daily 7:30").slot(at(2, 7, 29)) == at(1, 7, 30)
    for wrong in (
        "daily 25",
        "hourly",
        "every minutes",
        "daily ٠٧:٠٠",
        "every 0 minutes",
    ):
        with pytest.raises(ValueError, match="neither"):
            Job.parse("send_digests", wrong)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_started_together_send_one_digest(tmp_path):
    person = VerifiedUserFactory()
    person.notification_preferences = {"idea.status_changed": "digest"}
    person.save(update_fields=["notification_preferences"])
    services.notifications_create(
        kind="idea.status_changed",
        recipient_ids={person.pk},
        actor=None,
        url="/sv/ideas/1/",
        params={"title": "Laddstolpar i Skärholmen", "status": "accepted"},
    )
    with SmtpSink(HOST) as sink:
        env = production_env(EMAIL_URL=sink.url)
        logs = [tmp_path / "first.log", tmp_path / "second.log"]
        schedulers = [manage("scheduler", "--once", env=env, log=log) for log in logs]
        for scheduler in schedulers:
            assert scheduler.wait(120) == 0
    assert len(sink.messages) == 1
    assert sink.messages[0]["To"] == person.email
    assert DigestSent.objects.filter(user=person, day=timezone.localdate()).count() == 1
    assert ScheduledRun.objects.filter(job="send_digests").count() == 1
    said = [log.read_text() for log in logs]
    assert sum("send_digests: ran: Sent 1 digests." in text for text in said) == 1, said
    assert timezone.now() - ScheduledRun.objects.get(job="send_digests").started_at < (
        timedelta(minutes=5)
    )
