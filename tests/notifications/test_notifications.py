import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from ideas import workflow
from ideas.models import IdeaStatus
from notifications import services
from notifications.models import Notification
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def sv(name: str) -> str:
    with translation.override("sv"):
        return reverse(name)


def test_preferences_decide_e_mail_and_the_inbox_shows_unread(
    client, staff, goals, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(goals=goals)
    by_mail, in_app = VerifiedUserFactory.create_batch(2)
    services.preferences_update(actor=by_mail, choices={"idea.status_changed": "email"})
    for person in (by_mail, in_app):
        services.follow_add(actor=person, target=idea)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.idea_status_change(
            actor=staff, idea=idea, status=IdeaStatus.UNDER_REVIEW, reason="Vi tittar."
        )
    assert Notification.objects.count() == 2
    (message,) = mail.outbox
    assert message.to == [by_mail.email]
    assert "Under granskning" in message.body or idea.title in message.body
    client.force_login(in_app)
    page = client.get(sv("notifications:inbox")).content.decode()
    assert idea.title in page
    assert "data-unread-count>1" in page
    client.post(sv("notifications:inbox"))
    assert not Notification.objects.filter(recipient=in_app, read_at=None).exists()


def test_the_settings_page_saves_choices(client):
    person = VerifiedUserFactory()
    client.force_login(person)
    assert client.get(sv("notifications:preferences")).status_code == 200
    response = client.post(
        sv("notifications:preferences"),
        {
            "idea.status_changed": "email",
            "idea.answered": "in_app",
            "idea.promoted": "email",
            "idea.published": "in_app",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.notification_preferences["idea.status_changed"] == "email"


def test_publishing_in_a_followed_goal_notifies_but_not_the_author(
    goals, django_capture_on_commit_callbacks
):
    from ideas import services as idea_services
    from ideas.services import IdeaData

    fan, author = VerifiedUserFactory.create_batch(2)
    services.follow_add(actor=fan, target=goals[0])
    services.follow_add(actor=author, target=goals[0])
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.idea_create(
            actor=author,
            data=IdeaData(title="Ny", summary="S", body="B", goals=[goals[0]]),
            publish=True,
        )
    assert list(Notification.objects.values_list("recipient", flat=True)) == [fan.pk]


def test_following_twice_is_one_follow_in_one_statement_each_time(
    goals, django_assert_num_queries
):
    person = VerifiedUserFactory()
    with django_assert_num_queries(1):
        assert services.follow_add(actor=person, target=goals[0], check=False)
    with django_assert_num_queries(1):
        assert not services.follow_add(actor=person, target=goals[0], check=False)
    assert services.follower_ids([goals[0]]) == {person.pk}
    follow = person.follows.get()
    assert follow.created_at is not None and follow.target == goals[0]


def test_following_a_goal_from_its_page(client, goals):
    person = VerifiedUserFactory()
    client.force_login(person)
    page = client.get(goals[0].url).content.decode()
    assert "Följ: få veta om nya idéer" in page
    with translation.override("sv"):
        url = reverse("notifications:follow_page", args=[goals[0].pk])
    assert client.post(url, {"action": "follow"}).status_code == 302
    from notifications.selectors import is_following

    assert is_following(person, goals[0])
    assert "Sluta följa" in client.get(goals[0].url).content.decode()
    client.post(url, {"action": "unfollow"})
    assert not is_following(person, goals[0])


@pytest.mark.django_db(transaction=True)
def test_e_mail_waits_in_the_database_queue_until_the_worker_runs(
    settings, staff, goals
):
    """As in production: the notification is queued as a row; `db_worker` sends it
    (the worker manages its own connections, hence a transactional test)."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    idea = IdeaFactory(goals=goals)
    reader = VerifiedUserFactory()
    services.preferences_update(actor=reader, choices={"idea.answered": "email"})
    services.follow_add(actor=reader, target=idea)
    workflow.idea_answer(actor=staff, idea=idea, text="Vi svarar.")
    assert mail.outbox == []  # queued, not sent
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert Notification.objects.get(recipient=reader).emailed_at is not None
