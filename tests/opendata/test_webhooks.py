"""Webhooks, against a real receiving server: what staff register, what is
sent (signed, in order, only what is public) and how failures are retried."""

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forum.moderation import post_hide
from forum.services import post_create
from ideas import projects, services, workflow
from ideas.models import IdeaStatus
from opendata import webhooks
from opendata.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from opendata.webhook_sending import check_address
from tests.ideas.factories import IdeaFactory, StaffFactory, VerifiedUserFactory
from tests.ideas.test_projects import project_data
from tests.ideas.test_services import data as idea_data
from tests.opendata.receiver import receiver

pytestmark = pytest.mark.django_db
ALL_EVENTS = list(WebhookEvent.values)
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(autouse=True)
def _local_receiver_allowed(settings):
    # The receiving server runs on this machine; production refuses that.
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0


@pytest.fixture
def city_staff():
    return StaffFactory(display_name="Stina Stadsanställd")


def register(actor, url: str, events=None) -> WebhookEndpoint:
    return webhooks.webhook_endpoint_save(
        actor=actor, endpoint=None, name="Partner", url=url,
        events=events or ALL_EVENTS,
    )  # fmt: skip


def comment_twice(resident, idea, capture) -> None:
    """Two comments, each committed (and so sent) before the next is written."""
    for body in ("Första", "Andra"):
        with capture(execute=True):
            post_create(actor=resident, target=idea, body=body)


def readme_verify():
    """The signature check the README gives partners, run as they would."""
    text = README.read_text()
    code = re.search(r"<!-- webhook-verify -->\s*```python\n(.*?)```", text, re.S)
    assert code, "README lost its webhook verification example"
    namespace: dict = {}
    exec(code[1], namespace)  # noqa: S102 - our own README's example
    return namespace["verify"]


def test_events_arrive_signed_in_order_with_the_public_objects(
    resident, moderator, city_staff, goals, django_capture_on_commit_callbacks
):
    verify = readme_verify()
    with receiver() as partner:
        endpoint = register(city_staff, partner.url)
        with django_capture_on_commit_callbacks(execute=True):
            idea = services.idea_create(
                actor=resident, data=idea_data(goals), publish=True
            )
        with django_capture_on_commit_callbacks(execute=True):
            workflow.idea_status_change(
                actor=moderator, idea=idea, status=IdeaStatus.UNDER_REVIEW,
                reason="Trafikkontoret utreder förslaget.",
            )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            post_create(actor=resident, target=idea, body="Jag stöder detta!")
        with django_capture_on_commit_callbacks(execute=True):
            project = projects.project_create(
                actor=moderator, data=project_data(), goals=goals, indicators=[]
            )
        with django_capture_on_commit_callbacks(execute=True):
            projects.milestone_add(
                actor=moderator, project=project, title="Sensorer monterade",
                due_on=date(2027, 3, 1), done_on=None,
            )  # fmt: skip

    assert partner.events() == [
        "idea.created", "idea.status_changed", "comment.created", "project.updated",
    ]  # fmt: skip
    bodies = [json.loads(r.body) for r in partner.received]
    assert [b["event"] for b in bodies] == partner.events()
    for request in partner.received:
        assert request.path == "/hooks/idestad?x=1"
        header = request.headers["X-Idestad-Signature"]
        assert verify(endpoint.secret, header, request.body)
        assert not verify("another secret", header, request.body)
        assert not verify(endpoint.secret, header, request.body + b" ")
    created, changed, comment, project_news = bodies
    assert created["data"]["idea"]["title"] == "Smarta lås i hemtjänsten"
    assert created["data"]["idea"]["url"].startswith("http")
    assert changed["data"]["status"] == IdeaStatus.UNDER_REVIEW
    assert changed["data"]["reason"] == "Trafikkontoret utreder förslaget."
    assert changed["sequence"]["stream"] == f"idea.{idea.pk}"
    assert changed["sequence"]["id"] > created["sequence"]["id"]
    assert comment["data"]["comment"]["body"] == "Jag stöder detta!"
    assert project_news["data"]["change"] == "milestone_added"
    assert project_news["data"]["project"]["title"] == project.title
    statuses = WebhookDelivery.objects.values_list("status", "response_code")
    assert set(statuses) == {(WebhookDelivery.Status.DELIVERED, 200)}


def test_an_endpoint_hears_only_the_events_it_chose(
    resident, city_staff, goals, django_capture_on_commit_callbacks
):
    with receiver() as partner:
        register(city_staff, partner.url, events=[WebhookEvent.COMMENT_CREATED])
        with django_capture_on_commit_callbacks(execute=True):
            idea = services.idea_create(
                actor=resident, data=idea_data(goals), publish=True
            )
        with django_capture_on_commit_callbacks(execute=True):
            post_create(actor=resident, target=idea, body="En kommentar")
    assert partner.events() == ["comment.created"]


def test_a_failing_endpoint_is_retried_and_later_events_wait_their_turn(
    resident, city_staff, goals, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(goals=goals)
    with receiver(answers=[500, 503]) as partner:
        register(city_staff, partner.url, events=[WebhookEvent.COMMENT_CREATED])
        comment_twice(resident, idea, django_capture_on_commit_callbacks)
        first, second = WebhookDelivery.objects.order_by("id")
        # Each run tries the oldest waiting delivery first (the second
        # comment's run tried the first again) and stops at a failure: the
        # second is not sent before the first is through.
        assert partner.delivery_ids() == [first.pk, first.pk]
        first.refresh_from_db()
        assert (first.status, first.attempts, first.response_code) == (
            WebhookDelivery.Status.PENDING, 2, 503,
        )  # fmt: skip
        assert first.response_excerpt == "not now"
        call_command("webhooks_deliver")
    assert partner.delivery_ids() == [first.pk, first.pk, first.pk, second.pk]
    # Every retry sends the same body, signed afresh.
    assert len({r.body for r in partner.received[:3]}) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.attempts, first.response_code) == (
        WebhookDelivery.Status.DELIVERED, 3, 200,
    )  # fmt: skip
    assert (second.status, second.attempts) == (WebhookDelivery.Status.DELIVERED, 1)
    assert [json.loads(r.body)["data"]["comment"]["body"] for r in partner.received][
        2:
    ] == ["Första", "Andra"]


def test_retries_wait_longer_each_time(settings, city_staff, resident, goals):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    idea = IdeaFactory(goals=goals)
    with receiver(answers=[500, 500]) as partner:
        register(city_staff, partner.url, events=[WebhookEvent.COMMENT_CREATED])
        post_create(actor=resident, target=idea, body="Första")
        delivery = WebhookDelivery.objects.get()
        from opendata.webhook_sending import deliver_endpoint

        waits = []
        for _ in range(2):
            before = timezone.now()
            deliver_endpoint(delivery.endpoint_id)
            delivery.refresh_from_db()
            waits.append((delivery.next_attempt_at - before).total_seconds())
            # Not due yet: a run now sends nothing.
            assert deliver_endpoint(delivery.endpoint_id) == 0
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                next_attempt_at=timezone.now()
            )
    assert len(partner.received) == 2
    assert 29 <= waits[0] <= 32 and 59 <= waits[1] <= 62


def test_a_delivery_is_given_up_after_its_day_and_staff_may_send_it_again(
    resident, city_staff, goals, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(goals=goals)
    with receiver(answers=[500, 500]) as partner:
        register(city_staff, partner.url, events=[WebhookEvent.COMMENT_CREATED])
        comment_twice(resident, idea, django_capture_on_commit_callbacks)
        first, second = WebhookDelivery.objects.order_by("id")
        # A day later, still failing: the first is given up, the next goes.
        WebhookDelivery.objects.filter(pk=first.pk).update(
            give_up_at=timezone.now() - timedelta(seconds=1)
        )
        call_command("webhooks_deliver")
        first.refresh_from_db()
        assert first.status == WebhookDelivery.Status.FAILED
        assert partner.delivery_ids() == [first.pk, first.pk, second.pk]
        with pytest.raises(PermissionDenied):
            webhooks.webhook_delivery_retry(actor=resident, delivery=first)
        with django_capture_on_commit_callbacks(execute=True):
            assert webhooks.webhook_delivery_retry(actor=city_staff, delivery=first)
        assert not webhooks.webhook_delivery_retry(actor=city_staff, delivery=second)
    first.refresh_from_db()
    assert first.status == WebhookDelivery.Status.DELIVERED
    assert partner.delivery_ids() == [first.pk, first.pk, second.pk, first.pk]


def test_an_endpoint_that_does_not_answer_keeps_the_error(
    resident, city_staff, goals, django_capture_on_commit_callbacks
):
    with receiver() as closed:
        url = closed.url
    register(city_staff, url, events=[WebhookEvent.COMMENT_CREATED])
    with django_capture_on_commit_callbacks(execute=True):
        post_create(actor=resident, target=IdeaFactory(goals=goals), body="Hallå?")
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.response_code is None
    assert "ConnectionRefusedError" in delivery.error


def test_a_worker_that_finds_the_endpoint_busy_leaves_it_to_the_one_sending(
    resident, city_staff, goals, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(goals=goals)
    with receiver() as partner:
        endpoint = register(city_staff, partner.url)
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            lease_until=timezone.now() + timedelta(minutes=1)
        )
        with django_capture_on_commit_callbacks(execute=True):
            post = post_create(actor=resident, target=idea, body="Ska döljas")
        assert partner.received == []
        # Hidden before it was sent: it is never sent.
        post_hide(actor=StaffFactory(group="Moderators"), post=post, reason="Spam")
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(lease_until=None)
        call_command("webhooks_deliver")
    assert partner.received == []
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.SKIPPED


def test_nothing_private_is_sent(
    city_staff, moderator, goals, django_capture_on_commit_callbacks
):
    author = VerifiedUserFactory(
        email="hemlig.person@example.org", display_name="Synlig Person"
    )
    with receiver() as partner:
        register(city_staff, partner.url)
        with django_capture_on_commit_callbacks(execute=True):
            draft = services.idea_create(
                actor=author, data=idea_data(goals, title="Utkastets titel"),
                publish=False,
            )  # fmt: skip
            idea = services.idea_create(
                actor=author, data=idea_data(goals), publish=True
            )
            project = projects.project_create(
                actor=moderator,
                data=project_data(contact="kontakt.person@example.org"),
                goals=goals,
                indicators=[],
            )
            projects.milestone_add(
                actor=moderator, project=project, title="Start",
                due_on=date(2027, 1, 1), done_on=None,
            )  # fmt: skip
            post_create(actor=author, target=idea, body="Synlig kommentar")
    sent = b"".join(r.body for r in partner.received).decode()
    assert "Synlig kommentar" in sent and "Synlig Person" in sent
    for secret in ("hemlig.person@example.org", "kontakt.person@example.org"):
        assert secret not in sent
    assert draft.title not in sent
    assert WebhookDelivery.objects.filter(stream=f"idea.{draft.pk}").count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "ftp://example.org/hook",
        "https://user:password@example.org/hook",
        "https:///nohost",
        "javascript:alert(1)",
    ],
)
def test_addresses_outside_the_public_internet_are_refused(settings, city_staff, url):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError) as refused:
        register(city_staff, url)
    assert "url" in refused.value.message_dict
    assert not WebhookEndpoint.objects.exists()


def test_an_address_that_turned_private_is_not_called(
    settings, resident, city_staff, goals, django_capture_on_commit_callbacks
):
    with receiver() as partner:
        register(city_staff, partner.url, events=[WebhookEvent.COMMENT_CREATED])
        settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
        with django_capture_on_commit_callbacks(execute=True):
            post_create(actor=resident, target=IdeaFactory(goals=goals), body="Hej")
        with pytest.raises(ValidationError) as refused:
            check_address(partner.url)
    assert partner.received == []
    assert WebhookDelivery.objects.get().error == " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("events", "name"),
    [([], "Partner"), (["idea.deleted"], "Partner"), (ALL_EVENTS, "  ")],
)
def test_a_webhook_needs_a_name_and_known_events(city_staff, events, name):
    with pytest.raises(ValidationError):
        webhooks.webhook_endpoint_save(
            actor=city_staff, endpoint=None, name=name,
            url="http://127.0.0.1:9/hook", events=events,
        )  # fmt: skip


def test_only_city_staff_with_their_second_factor_manage_webhooks(
    resident, moderator, superuser_with_mfa
):
    allowed = [StaffFactory(), superuser_with_mfa]
    refused = [resident, moderator, StaffFactory(second_factor=False)]
    for person in allowed:
        endpoint = register(person, "http://127.0.0.1:9/hook")
        webhooks.webhook_secret_rotate(actor=person, endpoint=endpoint)
    for person in refused:
        with pytest.raises(PermissionDenied):
            register(person, "http://127.0.0.1:9/hook")
        with pytest.raises(PermissionDenied):
            webhooks.webhook_endpoint_delete(actor=person, endpoint=endpoint)
    assert WebhookEndpoint.objects.count() == 2


def test_events_cost_one_query_and_supports_none(
    resident, goals, django_assert_num_queries
):
    from live.models import StreamEvent
    from opendata.webhooks import deliveries_for

    support = StreamEvent(stream="idea.1", seq=1, event="idea.support_count", data={})
    comment = StreamEvent(stream="idea.1", seq=2, event="post.created", data={})
    with django_assert_num_queries(0):
        deliveries_for(support)
    with django_assert_num_queries(1):
        deliveries_for(comment)


def test_staff_register_a_webhook_in_the_admin_and_read_its_deliveries(
    client, settings, city_staff, resident, goals, django_capture_on_commit_callbacks
):
    client.force_login(city_staff)
    with receiver(answers=[502]) as partner:
        for url in ("ftp://example.org/", "http://127.0.0.1:9/"):
            settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = url.startswith("ftp")
            refused = client.post(
                reverse("webhooks:add"),
                {"name": "Kista-appen", "url": url, "events": ["idea.created"]},
            )
            assert refused.status_code == 200
            assert "url" in refused.context["form"].errors, url
        settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
        assert not WebhookEndpoint.objects.exists()
        response = client.post(
            reverse("webhooks:add"),
            {
                "name": "Kista-appen",
                "url": partner.url,
                "events": [WebhookEvent.COMMENT_CREATED],
                "active": "on",
            },
        )
        endpoint = WebhookEndpoint.objects.get()
        assert response["Location"] == reverse(
            "webhooks:deliveries", args=[endpoint.pk]
        )
        assert endpoint.created_by == city_staff
        with django_capture_on_commit_callbacks(execute=True):
            post_create(actor=resident, target=IdeaFactory(goals=goals), body="Hej")
    page = client.get(reverse("webhooks:deliveries", args=[endpoint.pk]))
    html = page.content.decode()
    assert endpoint.secret in html
    assert "HTTP 502" in html and "not now" in html
    listing = client.get(reverse("webhooks:index")).content.decode()
    assert "Kista-appen" in listing and partner.url in listing
    client.post(
        reverse("webhooks:deliveries", args=[endpoint.pk]), {"action": "rotate"}
    )
    old_secret = endpoint.secret
    endpoint.refresh_from_db()
    assert endpoint.secret != old_secret and len(endpoint.secret) == 64
    # Hostile input for the delivery to send again: refused, nothing changes.
    for value in ("١٢", "1\x00", "9" * 40, ""):
        response = client.post(
            reverse("webhooks:deliveries", args=[endpoint.pk]),
            {"action": "retry", "delivery": value},
        )
        assert response.status_code == 302


def test_the_webhook_list_asks_the_database_the_same_number_of_times_for_more_rows(
    client, city_staff, django_assert_max_num_queries
):
    client.force_login(city_staff)
    url = reverse("webhooks:index")
    for n in range(2):
        WebhookEndpoint.objects.create(
            name=f"P{n}", url="https://example.org/", events=ALL_EVENTS
        )
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        WebhookEndpoint.objects.create(
            name=f"Q{n}", url="https://example.org/", events=ALL_EVENTS
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_lease_left_by_a_dead_worker_lapses_and_the_delivery_goes_again(
    resident, city_staff, goals, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(goals=goals)
    with receiver() as partner:
        endpoint = register(city_staff, partner.url)
        # A worker took the lease and died mid-send; its lease ran out.
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            lease_until=timezone.now() - timedelta(seconds=1)
        )
        post_create(actor=resident, target=idea, body="Efter kraschen")
        call_command("webhooks_deliver")
    assert partner.events() == ["comment.created"]
    endpoint.refresh_from_db()
    assert endpoint.lease_until is None
