"""``kill -9`` of the task worker in the middle of a batch of notification
e-mail: every message still goes out, exactly once.

As production runs it: the task worker under production settings in a process
of its own, PostgreSQL, and a mail server over SMTP (a sink in this test). The
worker is killed while the mail server holds the 11th message, before
accepting it; a second worker finds the task still RUNNING on a worker that no
longer beats, queues it again after the lease, and sends what is left.
"""

import signal
import time
from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from notifications import services
from notifications.models import Notification
from notifications.tasks import message_id
from tests.ideas.factories import VerifiedUserFactory
from tests.processes import HOST, manage, production_env
from tests.smtp_sink import SmtpSink

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PEOPLE = 40
LEASE = 3.0
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queue_a_batch_of_mail() -> list[Notification]:
    people = VerifiedUserFactory.create_batch(PEOPLE)
    for person in people:
        person.notification_preferences = {"idea.status_changed": "email"}
        person.save(update_fields=["notification_preferences"])
    with override_settings(TASKS=DATABASE_TASKS), transaction.atomic():
        return services.notifications_create(
            kind="idea.status_changed",
            recipient_ids={person.pk for person in people},
            actor=None,
            url="/sv/ideas/1/",
            params={"title": "Laddstolpar i Skärholmen", "status": "accepted"},
        )


def wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Waited {seconds} s for {what}.")
        time.sleep(0.1)


def test_a_worker_killed_mid_batch_loses_and_doubles_no_mail(tmp_path):
    notifications = queue_a_batch_of_mail()
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    with SmtpSink(HOST, delay=0.02, hold_at=11) as sink:
        env = production_env(
            EMAIL_URL=sink.url,
            TASK_HEARTBEAT_SECONDS="0.3",
            TASK_LEASE_SECONDS=str(LEASE),
        )
        worker_args = ("task_worker", "--no-startup-delay", "--interval", "0.2")
        first = manage(*worker_args, env=env, log=tmp_path / "first.log")
        try:
            if not sink.held.wait(60):
                pytest.fail("The first worker sent no 11th mail within 60 s.")
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        finally:
            if first.poll() is None:
                first.kill()
        sink.release.set()
        assert len(sink.messages) == 10
        stuck = DBTaskResult.objects.get()
        assert stuck.status == TaskResultStatus.RUNNING  # what a dead worker leaves

        second = manage(*worker_args, env=env, log=tmp_path / "second.log")
        try:
            wait_for(
                lambda: (
                    not Notification.objects.filter(emailed_at=None).exists()
                    and not DBTaskResult.objects.exclude(
                        status=TaskResultStatus.SUCCESSFUL
                    ).exists()
                ),
                60,
                "the second worker to send the rest",
            )
        finally:
            second.terminate()
            second.wait(20)

    ids = Counter(message["Message-ID"] for message in sink.messages)
    assert ids == Counter({message_id(n): 1 for n in notifications})
    recipients = sorted(message["To"] for message in sink.messages)
    assert recipients == sorted(n.recipient.email for n in notifications)
    first, *follow_ups = DBTaskResult.objects.order_by("enqueued_at", "id")
    assert first.status == TaskResultStatus.SUCCESSFUL
    assert len(first.worker_ids) == 2  # the dead worker, then the one that finished
    # When the dead worker's last claim was still fresh (its heartbeat outlived
    # it on a loaded machine), the task queued itself again for that mail: it
    # was still sent once (the Message-IDs above), by a follow-up.
    assert len(follow_ups) <= 1
    assert all(f.status == TaskResultStatus.SUCCESSFUL for f in follow_ups)
