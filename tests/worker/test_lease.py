"""The sweep that gives a dead worker's tasks back, and the claim that keeps
two workers (or a retry) from e-mailing one notification twice."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications.models import Notification
from notifications.tasks import claim, send_notification_emails
from tests.ideas.factories import VerifiedUserFactory
from worker import lease
from worker.models import WorkerBeat

pytestmark = pytest.mark.django_db
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running_task(*, worker: str, started_ago: float, attempts: int = 1):
    with override_settings(TASKS=DATABASE_TASKS):
        result = send_notification_emails.enqueue(notification_ids=[])
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=started_ago),
        worker_ids=[f"earlier-{n}" for n in range(attempts - 1)] + [worker],
    )
    return result.id


def beat_ago(worker: str, seconds: float) -> None:
    WorkerBeat.objects.update_or_create(
        worker_id=worker,
        defaults={"beat_at": timezone.now() - timedelta(seconds=seconds)},
    )


@override_settings(TASK_LEASE_SECONDS=60, TASK_MAX_ATTEMPTS=3)
def test_only_tasks_of_workers_silent_past_the_lease_go_back_to_the_queue():
    beat_ago("alive", 5)
    beat_ago("dead", 300)
    of_the_living = running_task(worker="alive", started_ago=600)
    of_the_dead = running_task(worker="dead", started_ago=600)
    never_beat = running_task(worker="vanished", started_ago=600)
    just_claimed = running_task(worker="new", started_ago=2)
    cursed = running_task(worker="dead", started_ago=600, attempts=3)

    assert lease.requeue_abandoned() == (2, 1)

    status = {str(pk): s for pk, s in DBTaskResult.objects.values_list("id", "status")}
    assert status[of_the_living] == TaskResultStatus.RUNNING
    assert status[just_claimed] == TaskResultStatus.RUNNING
    assert status[of_the_dead] == TaskResultStatus.READY
    assert status[never_beat] == TaskResultStatus.READY
    assert status[cursed] == TaskResultStatus.FAILED
    assert DBTaskResult.objects.get(pk=of_the_dead).started_at is None
    assert lease.requeue_abandoned() == (0, 0)  # nothing twice


@override_settings(TASK_LEASE_SECONDS=60)
def test_a_notification_is_claimed_once_until_its_claim_goes_stale():
    notification = Notification.objects.create(
        recipient=VerifiedUserFactory(), kind="idea.status_changed", url="/sv/"
    )
    assert claim(notification.pk)
    assert not claim(notification.pk)  # a second worker or a retry keeps off
    Notification.objects.filter(pk=notification.pk).update(
        email_claimed_at=timezone.now() - timedelta(seconds=61)
    )
    assert claim(notification.pk)  # its worker died: another may send it
    Notification.objects.filter(pk=notification.pk).update(
        emailed_at=timezone.now(), email_claimed_at=timezone.now() - timedelta(days=1)
    )
    assert not claim(notification.pk)  # sent is sent
