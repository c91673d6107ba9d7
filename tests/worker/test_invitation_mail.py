"""A co-author's invitation is mailed by the task worker as production runs
it, and a worker killed while the mail server holds the invitation loses it
not: the next worker sends it, with a link that works."""

import re
import signal

import pytest
from django.core import signing
from django.db import transaction
from django.test import override_settings
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ideas import co_authors
from tests.ideas.factories import IdeaFactory
from tests.processes import HOST, SECRET_KEY, manage, production_env
from tests.smtp_sink import SmtpSink
from tests.worker.test_worker_crash import DATABASE_TASKS, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SITE = "https://idestad.example.org"


def test_an_invitation_survives_a_killed_worker(tmp_path):
    idea = IdeaFactory(title="Gröna tak på skolorna")
    with override_settings(TASKS=DATABASE_TASKS), transaction.atomic():
        invited = co_authors.co_author_invite(
            actor=idea.author, idea=idea, email="medforfattare@example.org"
        )
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1

    with SmtpSink(HOST, hold_at=1) as sink:
        env = production_env(
            EMAIL_URL=sink.url,
            SITE_URL=SITE,
            TASK_HEARTBEAT_SECONDS="0.3",
            TASK_LEASE_SECONDS="3",
        )
        args = ("task_worker", "--no-startup-delay", "--interval", "0.2")
        first = manage(*args, env=env, log=tmp_path / "first.log")
        try:
            if not sink.held.wait(60):
                pytest.fail("The first worker sent no invitation within 60 s.")
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        finally:
            if first.poll() is None:
                first.kill()
        sink.release.set()  # the held message is refused: it never arrived
        assert sink.messages == []
        second = manage(*args, env=env, log=tmp_path / "second.log")
        try:
            wait_for(lambda: len(sink.messages) == 1, 60, "the second worker")
        finally:
            second.terminate()
            second.wait(20)

    (message,) = sink.messages
    assert message["To"] == "medforfattare@example.org"
    body = message.get_payload(decode=True).decode()
    assert "Gröna tak på skolorna" in body
    link = re.search(r"https?://\S+", body).group(0)
    # Sent by the worker, outside any request: the link is on SITE_URL.
    assert link.startswith(f"{SITE}/sv/ideas/co-authors/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    signed = signing.loads(token, key=SECRET_KEY, salt="ideas.co_author")
    assert signed == invited.pk
