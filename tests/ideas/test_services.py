import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Membership, Organisation
from cms.models import PhaseKind
from ideas import services, supports
from ideas.models import Idea, IdeaKind, IdeaRevision
from ideas.services import IdeaData
from tests.accounts.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def data(goals, **fields) -> IdeaData:
    values = {
        "title": "Smarta lås i hemtjänsten",
        "summary": "Digitala lås så att hemtjänsten slipper nyckelhantering.",
        "body": "Det **sparar** tid. <script>alert(1)</script> [mer](https://example.org)",
        "goals": goals,
    }
    return IdeaData(**(values | fields))


def test_a_resident_publishes_an_idea_with_sanitised_text(resident, goals):
    idea = services.idea_create(actor=resident, data=data(goals), publish=True)
    assert idea.published_at is not None
    assert idea.slug == "smarta-las-i-hemtjansten"
    assert set(idea.goals.all()) == set(goals)
    assert "<strong>sparar</strong>" in idea.body_html
    assert "<script" not in idea.body_html
    assert 'rel="nofollow ugc"' in idea.body_html
    assert idea.author_role == "resident"
    assert idea.heat > 0


def test_a_draft_is_private_until_published(resident, goals):
    idea = services.idea_create(actor=resident, data=data(goals), publish=False)
    assert not Idea.objects.visible().filter(pk=idea.pk).exists()
    assert services.idea_publish(actor=resident, idea=idea)
    assert Idea.objects.visible().filter(pk=idea.pk).exists()
    assert not services.idea_publish(actor=resident, idea=idea)


def test_an_unverified_person_cannot_submit(goals):
    with pytest.raises(PermissionDenied):
        services.idea_create(actor=UserFactory(), data=data(goals), publish=True)


def test_an_idea_needs_a_live_goal(resident, goals):
    with pytest.raises(ValidationError) as error:
        services.idea_create(actor=resident, data=data([]), publish=True)
    assert "goals" in error.value.message_dict
    goals[0].unpublish()
    goals[0].refresh_from_db()
    with pytest.raises(ValidationError):
        services.idea_create(actor=resident, data=data([goals[0]]), publish=True)
    assert not Idea.objects.exists()


def test_editing_a_supported_idea_keeps_the_old_text_and_marks_it_edited(
    resident, other_resident, goals
):
    idea = services.idea_create(actor=resident, data=data(goals), publish=True)
    supports.support_add(actor=other_resident, idea=idea)
    changed = data(goals, title="Smarta lås för alla", body="Ny text.")
    assert services.idea_update(actor=resident, idea=idea, data=changed)
    idea.refresh_from_db()
    assert idea.edited_at is not None and idea.slug == "smarta-las-for-alla"
    (revision,) = IdeaRevision.objects.filter(idea=idea)
    assert revision.title == "Smarta lås i hemtjänsten"
    assert not services.idea_update(actor=resident, idea=idea, data=changed)


def test_nobody_edits_someone_elses_idea(resident, other_resident, goals):
    idea = services.idea_create(actor=resident, data=data(goals), publish=True)
    with pytest.raises(PermissionDenied):
        services.idea_update(
            actor=other_resident, idea=idea, data=data(goals, title="Kapat")
        )
    idea.refresh_from_db()
    assert idea.title == "Smarta lås i hemtjänsten"


def test_posting_for_an_organisation_needs_membership(resident, goals):
    org = OrganisationFactory(kind=Organisation.Kind.COMPANY)
    with pytest.raises(ValidationError) as error:
        services.idea_create(
            actor=resident, data=data(goals, organisation=org), publish=True
        )
    assert "organisation" in error.value.message_dict


def test_a_pilot_proposal_needs_a_company_and_its_details(resident, goals):
    academia = OrganisationFactory(kind=Organisation.Kind.ACADEMIA)
    Membership.objects.create(organisation=academia, user=resident)
    with pytest.raises(ValidationError) as error:
        services.idea_create(
            actor=resident,
            data=data(goals, kind=IdeaKind.PILOT, organisation=academia),
            publish=True,
        )
    assert {"organisation", "pilot_what", "pilot_where"} <= set(
        error.value.message_dict
    )
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY)
    Membership.objects.create(organisation=company, user=resident)
    pilot = data(
        goals,
        kind=IdeaKind.PILOT,
        organisation=company,
        pilot_what="Lås",
        pilot_where="Farsta",
        pilot_duration="6 månader",
        pilot_needs="Tillgång till 20 lägenheter",
    )
    idea = services.idea_create(actor=resident, data=pilot, publish=True)
    assert idea.organisation == company


def test_a_research_collaboration_needs_an_academic_organisation(resident, goals):
    with pytest.raises(ValidationError) as error:
        services.idea_create(
            actor=resident, data=data(goals, kind=IdeaKind.RESEARCH), publish=True
        )
    assert "organisation" in error.value.message_dict


def test_ideas_go_to_a_challenge_only_during_ideation(resident, goals, make_challenge):
    closed = make_challenge(PhaseKind.SUPPORT)
    with pytest.raises(ValidationError) as error:
        services.idea_create(
            actor=resident, data=data(goals, challenge=closed), publish=True
        )
    assert "challenge" in error.value.message_dict
    open_challenge = make_challenge(PhaseKind.IDEATION)
    idea = services.idea_create(
        actor=resident, data=data(goals, challenge=open_challenge), publish=True
    )
    assert idea.challenge == open_challenge


def test_staff_write_for_a_person_they_registered_marked_as_assisted(staff, goals):
    from accounts import assisted

    issued = assisted.assisted_register(
        actor=staff, display_name="Gunnel", place="Kista bibliotek", consent=True
    )
    person = issued.registration.user
    idea = services.idea_create(
        actor=staff, data=data(goals), publish=True, on_behalf_of=person
    )
    assert idea.author == person and idea.assisted_by == staff
    from accounts.models import AuditLogEntry

    assert AuditLogEntry.objects.filter(
        action="assisted.contribution", actor=staff, target=person
    ).exists()


def test_staff_cannot_write_for_just_anyone(staff, resident, goals):
    with pytest.raises(PermissionDenied):
        services.idea_create(
            actor=staff, data=data(goals), publish=True, on_behalf_of=resident
        )
