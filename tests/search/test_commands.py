"""search_rebuild and search_reconcile on the database table."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

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


@pytest.mark.django_db(transaction=True)
def test_rebuild_with_cluster_leaves_the_table_in_date_order_and_vacuumed(locales):
    """Outside a transaction the rebuild also vacuums, so the pages are marked
    all-visible and the title and date indexes can be read alone."""
    for days in (3, 1, 2):
        IdeaFactory(published_at=timezone.now() - timedelta(days=days))
    run("search_rebuild", "--cluster")
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relallvisible, relpages FROM pg_class WHERE relname = %s", [table]
        )
        all_visible, pages = cursor.fetchone()
        cursor.execute(f"SELECT published_at FROM {table} ORDER BY ctid")  # noqa: S608
        stored = [row[0] for row in cursor.fetchall()]
    assert pages > 0
    assert all_visible == pages
    assert stored == sorted(
        stored, key=lambda moment: (moment is not None, moment), reverse=True
    )


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


def test_reconcile_finds_counters_that_drifted_alone():
    """The fingerprint leaves the counters out; reconcile compares them too."""
    idea = IdeaFactory()
    run("search_rebuild", "--type", "idea")
    Idea.objects.filter(pk=idea.pk).update(comment_count=4)

    report = run("search_reconcile")
    assert "database idea: 0 missing, 1 out of date" in report
    assert SearchEntry.objects.get(type="idea", object_id=idea.pk).comment_count == 4
