from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditLogEntry, Role
from backoffice import selectors
from ideas import workflow
from ideas.models import Idea, IdeaKind, IdeaStatus, StatusChange
from notifications.models import Notification, NotificationKind
from tests.accounts.factories import OrganisationFactory
from tests.ideas.factories import IdeaFactory, StaffFactory

pytestmark = pytest.mark.django_db


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def listed(response) -> list[int]:
    return [idea.pk for idea in response.context["ideas"]]


def test_the_list_puts_the_oldest_unanswered_idea_first(moderator_client, moderator):
    newer = IdeaFactory(published_at=days_ago(2))
    oldest = IdeaFactory(published_at=days_ago(40))
    answered = IdeaFactory(published_at=days_ago(50))
    workflow.idea_answer(actor=moderator, idea=answered, text="Vi tittar på det.")
    IdeaFactory(published_at=None)  # a draft is nobody's work yet
    response = moderator_client.get(reverse("backoffice_ideas:index") + "?waiting=on")
    assert listed(response) == [oldest.pk, newer.pk]
    assert "Väntar längre än målet" in response.content.decode()


def test_each_filter_narrows_the_list(moderator_client, goals):
    organisation = OrganisationFactory(verified=True)
    match = IdeaFactory(
        goals=[goals[0]],
        kind=IdeaKind.PILOT,
        author_role=Role.COMPANY,
        organisation=organisation,
        published_at=days_ago(100),
        assigned_unit="Trafikkontoret",
    )
    IdeaFactory(goals=[goals[1]])
    IdeaFactory(kind=IdeaKind.PILOT, published_at=days_ago(3))
    url = reverse("backoffice_ideas:index")
    for query in (
        f"goal={goals[0].pk}",
        "kind=pilot&age=90",
        "author_role=company",
        f"organisation={organisation.pk}",
        "unit=Trafikkontoret",
        f"q=%23{match.pk}",
        "q=" + match.title[:12] + "&kind=pilot&age=30",
    ):
        assert listed(moderator_client.get(f"{url}?{query}")) == [match.pk], query


def test_counts_keep_the_other_filters_and_leave_out_their_own():
    IdeaFactory(kind=IdeaKind.PILOT, status=IdeaStatus.UNDER_REVIEW)
    IdeaFactory(kind=IdeaKind.PILOT)
    IdeaFactory(kind=IdeaKind.IDEA)
    counts = selectors.triage_counts(selectors.TriageFilters(kind="pilot"))
    # The status counts are within pilots; the kind counts ignore the kind chosen.
    assert counts["status"]["submitted"] == 1
    assert counts["status"]["under_review"] == 1
    assert counts["kind"] == {"idea": 1, "pilot": 2, "research": 0}
    assert counts["waiting"]["1"] == 2


def test_a_hand_edited_address_loses_only_its_bad_part(moderator_client):
    idea = IdeaFactory()
    for query in (
        "age=%D9%A1%D9%A2",  # Arabic-Indic digits
        "goal=x&status=nonsense",
        "q=%00drop&p=99999999999999999999",
        "district=" + "9" * 40,
        "organisation=-1&assigned_to=1e9",
    ):
        response = moderator_client.get(reverse("backoffice_ideas:index") + "?" + query)
        assert response.status_code == 200, query
    response = moderator_client.get(reverse("backoffice_ideas:index") + "?goal=x")
    assert listed(response) == [idea.pk]


def test_the_list_asks_the_database_the_same_number_of_times_for_more_rows(
    moderator_client, django_assert_max_num_queries
):
    url = reverse("backoffice_ideas:index") + "?waiting=on"
    IdeaFactory.create_batch(2, assigned_to=StaffFactory())
    moderator_client.get(url)  # the filters' choices are cached from here on
    IdeaFactory(assigned_to=StaffFactory())  # counts are counted again after a write
    with django_assert_max_num_queries(25) as few:
        moderator_client.get(url)
    IdeaFactory.create_batch(30, assigned_to=StaffFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(listed(moderator_client.get(url))) == 25  # a full page


def test_counts_follow_every_write_to_an_idea(moderator_client, moderator):
    url = reverse("backoffice_ideas:index") + "?waiting=on"
    idea = IdeaFactory()
    assert moderator_client.get(url).context["counts"]["waiting"]["1"] == 1
    workflow.idea_answer(actor=moderator, idea=idea, text="Svar.")
    assert moderator_client.get(url).context["counts"]["waiting"]["1"] == 0


def test_a_bulk_status_change_gives_every_idea_the_same_reason(
    moderator_client, moderator, django_capture_on_commit_callbacks
):
    first, second = IdeaFactory(), IdeaFactory()
    decided = IdeaFactory(status=IdeaStatus.ACCEPTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse("backoffice_ideas:bulk"),
            {
                "action": "status",
                "ideas": [first.pk, second.pk, decided.pk],
                "status": IdeaStatus.NOT_SELECTED,
                "reason": "Utanför stadens ansvar.",
                "next": "?waiting=on",
            },
        )
    assert response["Location"] == reverse("backoffice_ideas:index") + "?waiting=on"
    changes = StatusChange.objects.filter(new_status=IdeaStatus.NOT_SELECTED)
    assert {c.idea_id for c in changes} == {first.pk, second.pk}
    assert {c.reason for c in changes} == {"Utanför stadens ansvar."}
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(f"#{decided.pk}" in m for m in messages)
    assert Idea.objects.get(pk=decided.pk).status == IdeaStatus.ACCEPTED


def test_assigning_tells_the_staff_member_and_is_audited(
    moderator_client, moderator, staff, django_capture_on_commit_callbacks
):
    ideas = IdeaFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(
            reverse("backoffice_ideas:bulk"),
            {"action": "assign", "ideas": [i.pk for i in ideas], "assignee": staff.pk},
        )
    assert set(Idea.objects.values_list("assigned_to", "assigned_unit")) == {
        (staff.pk, "Trafikkontoret")
    }
    notices = Notification.objects.filter(
        recipient=staff, kind=NotificationKind.ASSIGNED
    )
    assert notices.count() == 2
    assert AuditLogEntry.objects.filter(action="idea.assigned").count() == 2
    # Assigned work is e-mailed unless the person chose otherwise.
    assert notices.filter(email_claimed_at__isnull=True).count() in (0, 2)


def test_only_officials_can_be_assigned(moderator, resident):
    idea = IdeaFactory()
    with pytest.raises(
        Exception, match="moderatorer och stadens medarbetare|moderators and city staff"
    ):
        workflow.idea_assign(actor=moderator, ideas=[idea], assignee=resident, unit="")


def test_staff_answer_and_mark_a_duplicate_from_the_detail_page(
    moderator_client, moderator
):
    original = IdeaFactory()
    repeat = IdeaFactory()
    url = reverse("backoffice_ideas:detail", args=[repeat.pk])
    response = moderator_client.post(
        url, {"action": "answer", "text": "Tack, vi har läst den."}
    )
    assert response.status_code == 302
    response = moderator_client.post(
        url,
        {
            "action": "status",
            "status": IdeaStatus.DUPLICATE,
            "reason": "Samma som en tidigare idé.",
            "duplicate_of": original.pk,
        },
    )
    assert response.status_code == 302
    repeat.refresh_from_db()
    assert repeat.status == IdeaStatus.DUPLICATE
    assert repeat.duplicate_of == original
    assert repeat.official_answer == "Tack, vi har läst den."


def test_a_refused_action_is_explained_and_keeps_what_was_typed(moderator_client):
    idea = IdeaFactory()
    response = moderator_client.post(
        reverse("backoffice_ideas:detail", args=[idea.pk]),
        {"action": "status", "status": IdeaStatus.DUPLICATE, "reason": "Dubblett."},
    )
    assert response.status_code == 400
    assert "Dubblett." in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.SUBMITTED


def test_the_chooser_finds_originals_by_words_or_number(moderator_client):
    wanted = IdeaFactory(title="Laddstolpar på Södermalm")
    IdeaFactory(title="Parkbänkar")
    IdeaFactory(title="Laddstolpar dolda", hidden_at=timezone.now())
    response = moderator_client.get(reverse("idea_chooser:choose") + "?q=laddstolpar")
    html = (
        response.json()["html"]
        if response.headers["Content-Type"].startswith("application/json")
        else response.content.decode()
    )
    assert "Laddstolpar på Södermalm" in html
    assert "Parkbänkar" not in html
    assert "dolda" not in html
    response = moderator_client.get(
        reverse("idea_chooser:choose_results") + f"?q=%23{wanted.pk}"
    )
    assert "Laddstolpar på Södermalm" in response.content.decode()


def test_names_in_the_selects_are_escaped(moderator_client):
    organisation = OrganisationFactory(verified=True, name='<img src=x onerror="1">')
    IdeaFactory(organisation=organisation, author_role=Role.COMPANY)
    page = moderator_client.get(reverse("backoffice_ideas:index")).content.decode()
    assert "&lt;img src=x onerror=&quot;1&quot;&gt; (1)</option>" in page
    assert '<img src=x onerror="1">' not in page
