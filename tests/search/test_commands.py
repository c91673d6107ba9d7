"""search_rebuild and search_reconcile on the database table."""

from io import StringIO

import pytest
from django.core.management import call_command

from ideas.models import Idea
from search.models import SearchEntry
from tests.forum.factories import PostFactory
from tests.ideas.factories import IdeaFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_rebuild_indexes_every_public_item_and_nothing_else(goals):
    IdeaFactory.create_batch(3)
    IdeaFactory(published_at=None)
    PostFactory.create_batch(2)
    output = run("search_rebuild")
    assert "idea: 5 entries" in output  # 3 + the 2 ideas the posts are on
    assert "post: 2 entries" in output
    assert SearchEntry.objects.filter(type="idea").count() == 5
    assert (
        SearchEntry.objects.filter(
            type="page", object_id__in=[g.pk for g in goals]
        ).count()
        == 2
    )
    assert not SearchEntry.objects.filter(vector__isnull=True).exists()


def test_reconcile_repairs_missing_stale_and_extra_entries():
    kept, stale, missing, hidden = IdeaFactory.create_batch(4)
    run("search_rebuild", "--type", "idea")
    # Drift of each kind, made behind the signals' back.
    SearchEntry.objects.filter(type="idea", object_id=missing.pk).delete()
    Idea.objects.filter(pk=stale.pk).update(title="Ny rubrik", support_count=9)
    Idea.objects.filter(pk=hidden.pk).update(hidden_at=hidden.published_at)

    report = run("search_reconcile", "--dry-run")
    assert (
        "database idea: 1 missing, 1 out of date, 1 no longer public (found)" in report
    )
    assert SearchEntry.objects.filter(type="idea").count() == 3

    report = run("search_reconcile")
    assert (
        "database idea: 1 missing, 1 out of date, 1 no longer public (repaired)"
        in report
    )
    assert sorted(
        SearchEntry.objects.filter(type="idea").values_list("object_id", flat=True)
    ) == sorted([kept.pk, stale.pk, missing.pk])
    assert SearchEntry.objects.get(type="idea", object_id=stale.pk).title == "Ny rubrik"
    assert "0 missing, 0 out of date, 0 no longer public" in run("search_reconcile")
