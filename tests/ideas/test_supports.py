import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from cms.models import PhaseKind
from ideas import supports
from ideas.models import Idea, IdeaStatus, Support
from search.indexing import index_now
from search.models import EntryType, SearchEntry
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def test_one_support_per_person_and_withdraw(resident, other_resident, goals):
    idea = IdeaFactory(author=resident, goals=goals)
    assert supports.support_add(actor=other_resident, idea=idea)
    assert not supports.support_add(actor=other_resident, idea=idea)
    idea.refresh_from_db()
    assert idea.support_count == 1
    assert Support.objects.get().role == "resident"
    assert supports.support_withdraw(actor=other_resident, idea=idea)
    assert not supports.support_withdraw(actor=other_resident, idea=idea)
    idea.refresh_from_db()
    assert idea.support_count == 0


def test_no_support_on_ones_own_idea_or_unverified(resident, goals):
    from tests.accounts.factories import UserFactory

    idea = IdeaFactory(author=resident, goals=goals)
    for person in (resident, UserFactory()):
        with pytest.raises(PermissionDenied):
            supports.support_add(actor=person, idea=idea)
    assert Idea.objects.get(pk=idea.pk).support_count == 0


def test_support_only_in_the_support_phase(other_resident, goals, make_challenge):
    idea = IdeaFactory(goals=goals, challenge=make_challenge(PhaseKind.EVALUATION))
    with pytest.raises(ValidationError) as error:
        supports.support_add(actor=other_resident, idea=idea)
    assert error.value.code == "closed"
    assert not Support.objects.exists()


def test_decided_ideas_take_no_more_support(other_resident, goals):
    idea = IdeaFactory(goals=goals, status=IdeaStatus.ACCEPTED)
    with pytest.raises(ValidationError):
        supports.support_add(actor=other_resident, idea=idea)


def test_the_support_budget_of_a_challenge_is_kept(
    other_resident, goals, make_challenge
):
    challenge = make_challenge(PhaseKind.SUPPORT, support_budget=2)
    ideas = [IdeaFactory(goals=goals, challenge=challenge) for _ in range(3)]
    assert supports.remaining_budget(other_resident, challenge) == 2
    supports.support_add(actor=other_resident, idea=ideas[0])
    supports.support_add(actor=other_resident, idea=ideas[1])
    with pytest.raises(ValidationError) as error:
        supports.support_add(actor=other_resident, idea=ideas[2])
    assert error.value.code == "budget"
    assert supports.remaining_budget(other_resident, challenge) == 0


def test_the_counts_per_role_move_in_the_one_update(goals):
    """The role counts are moved in SQL, not read and written back: each role
    its own key, and a count never below zero (a person whose role changed
    since, or counts written before the role existed)."""
    idea = IdeaFactory(goals=goals)
    people = {
        role: VerifiedUserFactory(role=role)
        for role in ("resident", "company", "academia")
    }
    for person in people.values():
        supports.support_add(actor=person, idea=idea)
    supports.support_add(actor=VerifiedUserFactory(role="company"), idea=idea)
    idea.refresh_from_db()
    assert idea.support_role_counts == {"resident": 1, "company": 2, "academia": 1}
    assert idea.support_count == 4
    Idea.objects.filter(pk=idea.pk).update(support_role_counts={"company": 2})
    supports.support_withdraw(actor=people["academia"], idea=idea)
    idea.refresh_from_db()
    assert idea.support_role_counts == {"company": 2, "academia": 0}
    assert idea.support_count == 3


def test_an_idea_hidden_or_decided_after_it_was_read_takes_no_support(goals):
    """A request reads the idea, a moderator hides it (or decides it), then the
    request supports: refused with the reason, and no row is left behind."""
    idea = IdeaFactory(goals=goals)
    person = VerifiedUserFactory()
    Idea.objects.filter(pk=idea.pk).update(hidden_at=idea.created_at)
    with pytest.raises(PermissionDenied):
        supports.support_add(actor=person, idea=idea)
    Idea.objects.filter(pk=idea.pk).update(
        hidden_at=None, status=IdeaStatus.NOT_SELECTED
    )
    with pytest.raises(ValidationError) as refused:
        supports.support_add(actor=person, idea=idea)
    assert refused.value.code == "closed"
    assert not Support.objects.filter(idea=idea).exists()
    assert Idea.objects.get(pk=idea.pk).support_count == 0


def _entry_count(idea: Idea) -> int:
    """The count search keeps: the last of the racing statements to commit
    wrote it, so it is the idea's."""
    entry = SearchEntry.objects.get(type=EntryType.IDEA, object_id=idea.pk)
    return entry.support_count


def _in_threads(work: list) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(len(work))

    def run(fn) -> None:
        try:
            start.wait()
            fn()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_five_concurrent_supports_are_all_counted(goals):
    idea = IdeaFactory(goals=goals)
    index_now(EntryType.IDEA, [idea.pk])
    people = VerifiedUserFactory.create_batch(25)
    work = [lambda p=p: supports.support_add(actor=p, idea=idea) for p in people]
    # The same person twice at once must still count once.
    work.append(lambda: supports.support_add(actor=people[0], idea=idea))
    assert _in_threads(work) == []
    idea.refresh_from_db()
    assert idea.support_count == 25 == Support.objects.filter(idea=idea).count()
    assert _entry_count(idea) == 25


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_and_withdrawals_leave_an_exact_count(goals):
    idea = IdeaFactory(goals=goals)
    index_now(EntryType.IDEA, [idea.pk])
    leaving = VerifiedUserFactory.create_batch(12)
    joining = VerifiedUserFactory.create_batch(12)
    for person in leaving:
        supports.support_add(actor=person, idea=idea)
    work = [lambda p=p: supports.support_withdraw(actor=p, idea=idea) for p in leaving]
    work += [lambda p=p: supports.support_add(actor=p, idea=idea) for p in joining]
    assert _in_threads(work) == []
    idea.refresh_from_db()
    rows = Support.objects.filter(idea=idea)
    assert idea.support_count == 12 == rows.count()
    assert set(rows.values_list("user_id", flat=True)) == {p.pk for p in joining}
    assert _entry_count(idea) == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_person_clicking_many_times_at_once_supports_once_and_withdraws_once(
    goals,
):
    """Nothing locks the person's row outside a budgeted challenge: the unique
    constraint keeps one support, the DELETE's row count one withdrawal."""
    idea = IdeaFactory(goals=goals)
    person = VerifiedUserFactory()

    def eight_at_once(service) -> list[bool]:
        """Eight clicks at once, each on its own fresh read of the idea."""
        answers: list[bool] = []
        work = [
            lambda: answers.append(
                service(actor=person, idea=Idea.objects.get(pk=idea.pk))
            )
            for _ in range(8)
        ]
        assert _in_threads(work) == []
        return sorted(answers)

    assert eight_at_once(supports.support_add) == [False] * 7 + [True]
    idea.refresh_from_db()
    assert idea.support_count == 1 == Support.objects.filter(idea=idea).count()
    assert eight_at_once(supports.support_withdraw) == [False] * 7 + [True]
    idea.refresh_from_db()
    assert idea.support_count == 0 == Support.objects.filter(idea=idea).count()
    assert idea.support_role_counts == {"resident": 0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_supports_racing_a_decision_count_exactly_and_none_lands_after_it(
    goals, moderator
):
    """The idea is locked only at the end of a support, so a decision can come
    between a support's checks and its count: that support is refused and
    leaves no row; every other is counted."""
    from ideas.workflow import idea_status_change

    idea = IdeaFactory(goals=goals)
    people = VerifiedUserFactory.create_batch(20)
    # Each support loads the idea itself, as each request does.
    work = [
        lambda p=p: supports.support_add(actor=p, idea=Idea.objects.get(pk=idea.pk))
        for p in people
    ]
    decided = []

    def decide() -> None:
        change = idea_status_change(
            actor=moderator,
            idea=Idea.objects.get(pk=idea.pk),
            status=IdeaStatus.ACCEPTED,
            reason="Vi gör det.",
        )
        decided.append(change.at)

    work.insert(10, decide)
    errors = _in_threads(work)
    assert [getattr(e, "code", e) for e in errors] == ["closed"] * len(errors)
    idea.refresh_from_db()
    rows = Support.objects.filter(idea=idea)
    assert idea.status == IdeaStatus.ACCEPTED
    assert idea.support_count == rows.count() == 20 - len(errors)
    assert sum(idea.support_role_counts.values()) == idea.support_count
    assert not rows.filter(created_at__gt=decided[0]).exists()


def test_a_support_costs_the_same_queries_however_many_support_already(
    client, goals, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """Supporting follows the idea and logs its live count in the request;
    nothing in it grows with the idea's supporters or followers."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse
    from django.utils import translation

    ContentType.objects.get_for_model(Idea)  # cached for the process, as it runs
    # Six on PostgreSQL, the savepoint around the service included (in
    # production it is not there): the session, the person with their standing
    # (verified, staff or not), the idea with whether it has co-authors, and
    # the one statement that writes the support, the follow, the counts and
    # the live event. SQLite writes them one by one, in a transaction.
    bound = 6 if connection.vendor == "postgresql" else 10
    counts = []
    for earlier in (0, 30):
        idea = IdeaFactory(goals=goals)
        for person in VerifiedUserFactory.create_batch(earlier):
            supports.support_add(actor=person, idea=idea)
        client.force_login(VerifiedUserFactory())
        client.get("/sv/")
        with translation.override("sv"):
            url = reverse("ideas:support", args=[idea.pk])
        with (
            django_capture_on_commit_callbacks(execute=True),
            django_assert_max_num_queries(bound) as counted,
        ):
            response = client.post(
                url, {"action": "add"}, HTTP_ACCEPT="application/json"
            )
        assert response.json()["support_count"] == earlier + 1
        counts.append(len(counted))
    assert counts[0] == counts[1]
