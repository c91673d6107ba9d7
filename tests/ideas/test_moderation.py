import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.models import AuditLogEntry
from ideas import moderation, selectors
from ideas.models import Flag, Idea
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


def test_three_different_people_hide_an_idea_pending_review(goals, settings):
    settings.IDEA_FLAG_HIDE_THRESHOLD = 3
    idea = IdeaFactory(goals=goals)
    first, second, third = VerifiedUserFactory.create_batch(3)
    assert moderation.idea_flag(actor=first, idea=idea, reason="spam")
    assert not moderation.idea_flag(actor=first, idea=idea, reason="spam")
    moderation.idea_flag(actor=second, idea=idea, reason="offensive")
    assert Idea.objects.visible().filter(pk=idea.pk).exists()
    moderation.idea_flag(actor=third, idea=idea, reason="spam")
    idea.refresh_from_db()
    assert idea.is_hidden and idea.hidden_reason == ""
    assert not selectors.idea_list(filters=selectors.IdeaFilters()).filter(pk=idea.pk)


def test_other_needs_text_and_authors_cannot_report_themselves(goals, resident):
    idea = IdeaFactory(goals=goals, author=resident)
    with pytest.raises(PermissionDenied):
        moderation.idea_flag(actor=resident, idea=idea, reason="spam")
    with pytest.raises(ValidationError):
        moderation.idea_flag(actor=VerifiedUserFactory(), idea=idea, reason="other")
    assert not Flag.objects.exists()


def test_moderators_hide_restore_and_dismiss_and_it_is_audit_logged(
    goals, moderator, resident
):
    idea = IdeaFactory(goals=goals)
    moderation.idea_flag(actor=resident, idea=idea, reason="off_topic")
    assert moderation.flags_dismiss(actor=moderator, idea=idea) == 1
    with pytest.raises(ValidationError):
        moderation.idea_hide(actor=moderator, idea=idea, reason=" ")
    assert moderation.idea_hide(actor=moderator, idea=idea, reason="Reklam.")
    assert moderation.idea_restore(actor=moderator, idea=idea, reason="Fel av oss.")
    actions = list(
        AuditLogEntry.objects.filter(actor=moderator)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == ["idea.flags_dismissed", "idea.hidden", "idea.restored"]
    with pytest.raises(PermissionDenied):
        moderation.idea_hide(actor=resident, idea=idea, reason="Nej")


def test_readers_see_the_reason_not_the_text_of_a_hidden_idea(client, goals, moderator):
    idea = IdeaFactory(goals=goals, body="Hemlig text")
    moderation.idea_hide(actor=moderator, idea=idea, reason="Personuppgifter.")
    page = client.get(sv("ideas:detail_short", idea.pk), follow=True).content.decode()
    assert "Personuppgifter." in page and "Hemlig text" not in page


def test_the_queue_lists_reported_ideas_for_moderators_only(
    client, goals, moderator, resident
):
    idea = IdeaFactory(goals=goals, title="Rapporterad idé")
    client.force_login(resident)
    client.post(sv("ideas:flag", idea.pk), {"reason": "spam"})
    assert Flag.objects.count() == 1
    assert client.get(sv("ideas:moderation")).status_code == 403
    client.force_login(moderator)
    page = client.get(sv("ideas:moderation")).content.decode()
    assert "Rapporterad idé" in page
    response = client.post(
        sv("ideas:moderation_action", idea.pk), {"action": "hide", "reason": "Spam."}
    )
    assert response.status_code == 302
    assert Idea.objects.get(pk=idea.pk).hidden_reason == "Spam."


def test_the_queue_holds_only_ideas_with_open_reports(goals, moderator, resident):
    from ideas.moderation_views import moderation_hidden, moderation_queue

    IdeaFactory(goals=goals, title="Ingen har anmält mig")
    reported = IdeaFactory(goals=goals, title="Anmäld")
    dismissed = IdeaFactory(goals=goals, title="Prövad och godkänd")
    hidden = IdeaFactory(goals=goals, title="Dold av moderator")
    moderation.idea_flag(actor=resident, idea=reported, reason="spam")
    moderation.idea_flag(actor=resident, idea=dismissed, reason="spam")
    moderation.flags_dismiss(actor=moderator, idea=dismissed)
    moderation.idea_hide(actor=moderator, idea=hidden, reason="Reklam.")

    assert [idea.title for idea in moderation_queue()] == ["Anmäld"]
    assert [idea.open_flag_count for idea in moderation_queue()] == [1]
    assert [idea.title for idea in moderation_hidden()] == ["Dold av moderator"]


def test_an_idea_hidden_by_reports_waits_in_the_queue(goals, settings):
    settings.IDEA_FLAG_HIDE_THRESHOLD = 2
    from ideas.moderation_views import moderation_queue

    idea = IdeaFactory(goals=goals)
    for person in VerifiedUserFactory.create_batch(2):
        moderation.idea_flag(actor=person, idea=idea, reason="spam")
    idea.refresh_from_db()
    assert idea.hidden_at is not None
    assert [(i.pk, i.open_flag_count) for i in moderation_queue()] == [(idea.pk, 2)]
