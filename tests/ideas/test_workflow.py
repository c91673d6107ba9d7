import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ideas import supports, workflow
from ideas.models import Idea, IdeaStatus, StatusChange, Support
from notifications.models import Notification
from notifications.services import follow_add
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_staff_accept_with_a_public_reason_recorded_with_role_and_unit(
    staff, goals, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(goals=goals)
    follower = VerifiedUserFactory()
    follow_add(actor=follower, target=idea)
    follow_add(actor=staff, target=idea)
    with django_capture_on_commit_callbacks(execute=True):
        change = workflow.idea_status_change(
            actor=staff, idea=idea, status=IdeaStatus.ACCEPTED, reason="Bra idé."
        )
    assert (change.old_status, change.new_status) == ("submitted", "accepted")
    assert (change.actor_role, change.actor_unit) == ("city_staff", "Trafikkontoret")
    idea.refresh_from_db()
    assert idea.status == IdeaStatus.ACCEPTED
    # The follower hears of it; the staff member, who did it, does not.
    (notification,) = Notification.objects.all()
    assert notification.recipient == follower
    assert notification.params["status"] == "accepted"


def test_no_notification_when_the_change_is_rolled_back(staff, goals):
    idea = IdeaFactory(goals=goals)
    follow_add(actor=VerifiedUserFactory(), target=idea)
    with pytest.raises(ValidationError):
        workflow.idea_status_change(
            actor=staff, idea=idea, status=IdeaStatus.IMPLEMENTED, reason="Hopp"
        )
    assert not Notification.objects.exists()
    assert not StatusChange.objects.exists()


def test_a_reason_is_required_and_residents_cannot_change_status(
    staff, resident, goals
):
    idea = IdeaFactory(goals=goals)
    with pytest.raises(ValidationError):
        workflow.idea_status_change(
            actor=staff, idea=idea, status=IdeaStatus.ACCEPTED, reason="  "
        )
    with pytest.raises(PermissionDenied):
        workflow.idea_status_change(
            actor=resident, idea=idea, status=IdeaStatus.ACCEPTED, reason="Jag vill"
        )
    assert Idea.objects.get(pk=idea.pk).status == IdeaStatus.SUBMITTED


def test_a_duplicate_moves_its_supporters_without_double_counting(moderator, goals):
    original = IdeaFactory(goals=goals)
    duplicate = IdeaFactory(goals=goals)
    both, only_dup, only_orig = VerifiedUserFactory.create_batch(3)
    for person in (both, only_orig):
        supports.support_add(actor=person, idea=original)
    for person in (both, only_dup, original.author):
        supports.support_add(actor=person, idea=duplicate)
    workflow.idea_status_change(
        actor=moderator,
        idea=duplicate,
        status=IdeaStatus.DUPLICATE,
        reason="Samma förslag.",
        duplicate_of=original,
    )
    original.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original and duplicate.support_count == 0
    supporters = set(
        Support.objects.filter(idea=original).values_list("user_id", flat=True)
    )
    assert supporters == {both.pk, only_dup.pk, only_orig.pk}
    assert original.support_count == 3
    assert not Support.objects.filter(idea=duplicate).exists()


def test_a_duplicate_needs_a_real_original(moderator, goals):
    idea = IdeaFactory(goals=goals)
    with pytest.raises(ValidationError) as error:
        workflow.idea_status_change(
            actor=moderator, idea=idea, status=IdeaStatus.DUPLICATE, reason="Dubblett"
        )
    assert "duplicate_of" in error.value.message_dict


def test_the_official_answer_is_shown_and_followers_notified(
    staff, goals, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(goals=goals)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.idea_answer(actor=staff, idea=idea, text="Vi **testar** detta.")
    idea.refresh_from_db()
    assert "<strong>testar</strong>" in idea.official_answer_html
    assert idea.answered_by_unit == "Trafikkontoret"
    # The author follows their idea from publishing on (here: the factory did
    # not, so nobody is notified but the followers there are).
    assert Notification.objects.count() == 0
