"""The tally behind the triage's counts agrees with the ideas themselves after
every kind of write, on both databases, and survives what could break it."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role
from backoffice import selectors, tally
from backoffice.models import IdeaTally
from backoffice.signals import tally_repaired
from cms.models import District
from ideas import moderation, workflow
from ideas.models import VISIBLE, WAITING, Idea, IdeaKind, IdeaStatus
from tests.accounts.factories import OrganisationFactory
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def tallied() -> dict[tuple, int]:
    rows = IdeaTally.objects.exclude(ideas=0)
    return {(r.status, r.kind, r.author_role, r.waiting): r.ideas for r in rows}


def counted() -> dict[tuple, int]:
    """The same keys counted from the ideas, row by row."""
    waiting = set(Idea.objects.filter(WAITING).values_list("pk", flat=True))
    keys: dict[tuple, int] = {}
    for idea in Idea.objects.filter(VISIBLE):
        key = (idea.status, idea.kind, idea.author_role, idea.pk in waiting)
        keys[key] = keys.get(key, 0) + 1
    return keys


def test_every_kind_of_write_moves_the_tally(moderator):
    ideas = [
        IdeaFactory(published_at=days_ago(n * 20), kind=kind)
        for n, kind in enumerate(IdeaKind.values)
    ]
    draft = IdeaFactory(published_at=None)
    assert tallied() == counted()

    workflow.idea_answer(actor=moderator, idea=ideas[0], text="Vi svarar.")
    workflow.idea_status_change(
        actor=moderator, idea=ideas[1], status=IdeaStatus.ACCEPTED, reason="Bra."
    )
    moderation.idea_hide(actor=moderator, idea=ideas[2], reason="Personuppgifter.")
    assert tallied() == counted()

    moderation.idea_restore(actor=moderator, idea=ideas[2], reason="Rättat.")
    Idea.objects.filter(pk=draft.pk).update(published_at=timezone.now())
    Idea.objects.filter(pk=ideas[1].pk).update(author_role=Role.COMPANY)
    Idea.objects.filter(pk=ideas[0].pk).delete()
    Idea.objects.filter(pk=ideas[2].pk).update(support_count=7)  # not a key
    assert tallied() == counted()
    assert sum(tallied().values()) == Idea.objects.filter(VISIBLE).count() == 3


def test_counts_from_the_tally_equal_counts_from_the_ideas(moderator):
    for age in (1, 8, 31, 91, 400):
        IdeaFactory(published_at=days_ago(age))
    old = IdeaFactory(published_at=days_ago(200), kind=IdeaKind.PILOT)
    workflow.idea_answer(actor=moderator, idea=old, text="Svar.")
    IdeaFactory(published_at=days_ago(3), status=IdeaStatus.ACCEPTED)
    visible = Idea.objects.filter(VISIBLE)

    counts = selectors.count_facets(selectors.TriageFilters())

    assert counts["total"]["all"] == visible.count() == 7
    assert counts["waiting"]["1"] == visible.filter(WAITING).count() == 5
    for days in selectors.AGES:
        older = visible.filter(published_at__lte=days_ago(days))
        assert counts["age"][str(days)] == older.count()
    by_status = dict(visible.values_list("status").annotate(Count("pk")))
    assert {k: v for k, v in counts["status"].items() if v} == by_status
    # Narrowed by a facet, the other facets count within it.
    pilots = selectors.count_facets(selectors.TriageFilters(kind="pilot", age=90))
    assert pilots["total"]["all"] == 1
    assert pilots["waiting"]["1"] == 0
    assert pilots["age"] == {"7": 1, "30": 1, "90": 1}
    assert (
        pilots["kind"]["idea"]
        == visible.filter(kind="idea", published_at__lte=days_ago(90)).count()
    )


def test_a_lost_trigger_is_put_back_after_migrate():
    """SQLite drops a table's triggers when a migration rebuilds it: the next
    migrate puts them back and recounts."""
    IdeaFactory()
    name = {"postgresql": "backoffice_ideatally_idea_update ON ideas_idea"}.get(
        connection.vendor, "backoffice_ideatally_update"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}")
    assert not tally.installed(connection)
    IdeaTally.objects.all().delete()  # and the counts were lost with it

    tally_repaired(sender=None, using="default")

    assert tally.installed(connection)
    assert tallied() == counted() != {}
    IdeaFactory(status=IdeaStatus.UNDER_REVIEW)
    assert tallied() == counted()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ideas_moving_both_ways_at_once_neither_deadlock_nor_lose_a_count():
    """Two crowds of writers move ideas between the same two keys in opposite
    directions at the same moment; each write changes two tally rows."""
    ahead = IdeaFactory.create_batch(15, status=IdeaStatus.SUBMITTED)
    behind = IdeaFactory.create_batch(15, status=IdeaStatus.ACCEPTED)
    start = threading.Barrier(30)
    errors: list[BaseException] = []

    def move(idea: Idea, status: str) -> None:
        try:
            start.wait()
            with transaction.atomic():
                Idea.objects.filter(pk=idea.pk).update(status=status)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(i, "accepted")) for i in ahead]
    threads += [threading.Thread(target=move, args=(i, "submitted")) for i in behind]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert tallied() == counted()
    assert tallied()[("accepted", "idea", "resident", False)] == 15


@pytest.fixture
def varied(moderator, goals, make_challenge):
    """Ideas spread over every key and age, linked to none, one or two goals."""
    districts = [
        District.objects.create(name=f"Område {n}", slug=f"omrade-{n}") for n in (1, 2)
    ]
    challenge = make_challenge()
    organisation = OrganisationFactory(verified=True)
    shapes = [
        {"kind": IdeaKind.IDEA, "district": districts[0]},
        {"kind": IdeaKind.PILOT, "district": districts[1], "challenge": challenge},
        {"kind": IdeaKind.RESEARCH, "author_role": Role.ACADEMIA},
        {
            "author_role": Role.COMPANY,
            "organisation": organisation,
            "district": districts[0],
        },
        {"status": IdeaStatus.UNDER_REVIEW, "challenge": challenge},
        {"status": IdeaStatus.ACCEPTED, "kind": IdeaKind.PILOT},
    ]
    ideas = []
    for n, age in enumerate((1, 5, 12, 29, 45, 95, 400)):
        for m, shape in enumerate(shapes):
            linked = [goals[0], goals[1]][: (n + m) % 3]
            ideas.append(IdeaFactory(published_at=days_ago(age), goals=linked, **shape))
    for idea in ideas[::5]:
        workflow.idea_answer(actor=moderator, idea=idea, text="Vi svarar.")
    IdeaFactory(published_at=None, goals=goals)  # drafts count nowhere
    moderation.idea_hide(actor=moderator, idea=ideas[3], reason="Personuppgifter.")
    return {"goals": goals, "districts": districts, "challenge": challenge,
            "organisation": organisation, "ideas": ideas}  # fmt: skip


def listed(filters: selectors.TriageFilters, **option: object) -> int:
    """How many ideas the list itself holds with ``option`` chosen."""
    chosen = {**vars(filters), **option}
    return selectors.triage_list(selectors.TriageFilters(**chosen)).count()


def filter_sets(varied) -> list[dict]:
    goal, district = varied["goals"][0].pk, varied["districts"][0].pk
    return [
        {},
        {"waiting": True},
        {"goal": goal, "kind": "pilot"},
        {"district": district, "age": 30},
        {"goal": goal, "district": district, "status": "submitted", "age": 7},
        {"challenge": varied["challenge"].pk, "waiting": True, "age": 90},
        {"organisation": varied["organisation"].pk, "author_role": "company"},
        {"q": "vattennätet", "goal": goal, "age": 30},  # counted from the ideas
        {"unit": "Trafikkontoret"},
    ]


def test_every_count_is_what_the_list_would_hold(varied):
    """For every filter set, every option of every facet: the count shown is
    the number of ideas the list holds once that option is chosen."""
    for chosen in filter_sets(varied):
        filters = selectors.TriageFilters(**chosen)
        counts = selectors.count_facets(filters)
        assert counts["total"]["all"] == listed(filters), chosen
        for facet in ("status", "kind", "author_role"):
            for value, n in counts[facet].items():
                assert n == listed(filters, **{facet: value}), (chosen, facet, value)
        links = {
            "goal": [g.pk for g in varied["goals"]],
            "district": [d.pk for d in varied["districts"]],
            "challenge": [varied["challenge"].pk],
            "organisation": [varied["organisation"].pk],
        }
        for facet, values in links.items():
            for value in values:
                n = counts[facet].get(str(value), 0)
                assert n == listed(filters, **{facet: value}), (chosen, facet, value)
        for days in selectors.AGES:
            assert counts["age"][str(days)] == listed(filters, age=days), (chosen, days)
        assert counts["waiting"]["1"] == listed(filters, waiting=True), chosen


def test_the_triage_selects_show_their_counts(moderator_client, varied):
    from django.urls import reverse

    district = varied["districts"][0]
    response = moderator_client.get(reverse("backoffice_ideas:index"))
    expected = listed(selectors.TriageFilters(), district=district.pk)
    assert f'<option value="{district.pk}">{district.name} ({expected})</option>' in (
        response.content.decode()
    )
