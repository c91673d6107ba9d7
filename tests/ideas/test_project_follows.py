"""People follow projects: by choice, or because they supported or followed
an idea that became one; followers hear of new and reached milestones, new
values, annual reports and status changes, once each, in the channel they
chose (the digest by default)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from ideas import projects, supports
from ideas.models import IdeaStatus, Project
from notifications.messages import message_for
from notifications.models import Notification, NotificationKind
from notifications.selectors import is_following
from notifications.services import follow_add
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.ideas.test_projects import LEAKS, project_data, sv

pytestmark = pytest.mark.django_db


@pytest.fixture
def promoted(moderator, goals, django_capture_on_commit_callbacks):
    idea = IdeaFactory(goals=goals, title="Läckor i vattennätet")
    supporter, watcher = VerifiedUserFactory.create_batch(2)
    supports.support_add(actor=supporter, idea=idea)
    follow_add(actor=watcher, target=idea)
    idea.status = IdeaStatus.ACCEPTED
    idea.save(update_fields=["status"])
    with django_capture_on_commit_callbacks(execute=True):
        project = projects.project_promote(
            actor=moderator, ideas=[idea], data=project_data(),
            reason="Blir ett projekt.", indicators=[LEAKS], owners=[moderator],
        )  # fmt: skip
    Notification.objects.all().delete()
    return project, idea, supporter, watcher


def news(person) -> list[str]:
    with translation.override("sv"):
        return [
            message_for(n)
            for n in Notification.objects.filter(
                recipient=person, kind=NotificationKind.PROJECT_NEWS
            ).order_by("pk")
        ]


def test_supporters_and_followers_of_the_idea_follow_the_project(promoted):
    project, idea, supporter, watcher = promoted
    for person in (supporter, watcher, idea.author):
        assert is_following(person, project)
    assert not is_following(VerifiedUserFactory(), project)


def test_followers_hear_of_each_step_once(
    promoted, moderator, django_capture_on_commit_callbacks
):
    project, idea, supporter, watcher = promoted
    indicator = project.indicators.get()
    with django_capture_on_commit_callbacks(execute=True):
        milestone = projects.milestone_add(
            actor=moderator, project=project, title="Sensorer i 10 brunnar",
            due_on=date(2027, 3, 1), done_on=None,
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        projects.milestone_update(
            actor=moderator, milestone=milestone, title=milestone.title,
            due_on=milestone.due_on, done_on=date(2027, 2, 20),
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        projects.indicator_value_set(
            actor=moderator, indicator=indicator, measured_on=date(2027, 3, 1),
            value=Decimal(12),
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        projects.report_add(
            actor=moderator, project=project, year=2027,
            narrative="Ett bra första år.", values={indicator: Decimal(18)},
        )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        projects.project_update(
            actor=moderator, project=project,
            data=project_data(status=Project.Status.RUNNING),
        )  # fmt: skip
    expected = [
        "Nytt delmål i ”Läckagesensorer i vattennätet”: Sensorer i 10 brunnar, "
        "klart senast 2027-03-01.",
        "Delmål uppnått i ”Läckagesensorer i vattennätet”: Sensorer i 10 brunnar.",
        "Nytt värde för ”Läckor hittade” i ”Läckagesensorer i vattennätet”: 12 st.",
        "Uppföljningen 2027 för ”Läckagesensorer i vattennätet” är publicerad.",
        "Projektet ”Läckagesensorer i vattennätet” har nu status: Pågår.",
    ]
    assert news(supporter) == expected  # the report's value told once, by the report
    assert news(watcher) == expected
    assert news(moderator) == []  # never one's own action
    # The digest, by default: one e-mail with all five.
    mail.outbox.clear()
    call_command("send_digests", stdout=io.StringIO())
    to_supporter = [m for m in mail.outbox if m.to == [supporter.email]]
    assert len(to_supporter) == 1
    assert all(line in to_supporter[0].body for line in expected)


def test_anyone_signed_in_follows_and_unfollows_from_the_page(client, promoted):
    project, *_rest = promoted
    person = VerifiedUserFactory()
    client.force_login(person)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Följ projektet" in page
    client.post(sv("ideas:project_follow", project.pk), {"action": "follow"})
    assert is_following(person, project)
    assert "Sluta följa" in client.get(project.get_absolute_url()).content.decode()
    client.post(sv("ideas:project_follow", project.pk), {"action": "unfollow"})
    assert not is_following(person, project)


def test_following_needs_a_confirmed_address(client, promoted):
    from tests.accounts.factories import UserFactory

    project, *_rest = promoted
    unconfirmed = UserFactory()
    client.force_login(unconfirmed)
    response = client.post(sv("ideas:project_follow", project.pk), {"action": "follow"})
    assert response.status_code == 302
    assert not is_following(unconfirmed, project)
