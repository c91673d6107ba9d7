"""A queryset's SQL written once (common.compiled) answers as the queryset."""

import datetime

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from common.compiled import ID_MARKER, CompiledQuery, planned_cursor
from ideas.models import CoAuthor, Idea
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db


def _with_co_authors(pk):
    co_authors = CoAuthor.objects.filter(idea=OuterRef("pk"))
    return Idea.objects.annotate(has_co_authors=Exists(co_authors)).filter(pk=pk)


def test_rows_are_the_querysets_rows_with_fields_converted_and_annotations():
    compiled = CompiledQuery(_with_co_authors)
    idea = IdeaFactory(support_role_counts={"resident": 3})
    found = compiled.first(idea.pk)
    expected = _with_co_authors(idea.pk).get()
    assert found is not None and found.pk == idea.pk
    assert found.title == expected.title
    assert found.support_role_counts == {"resident": 3}  # JSON decoded
    assert isinstance(found.published_at, datetime.datetime)
    assert found.published_at == expected.published_at
    assert not found.has_co_authors
    assert compiled.first(idea.pk + 10_000) is None


def test_the_sql_is_written_once_and_then_only_run():
    calls = []

    def make(pk):
        calls.append(pk)
        return _with_co_authors(pk)

    compiled = CompiledQuery(make)
    first, second = IdeaFactory(), IdeaFactory()
    with CaptureQueriesContext(connection) as queries:
        assert compiled.first(first.pk).pk == first.pk
        assert compiled.first(second.pk).pk == second.pk
    assert len(calls) == 1  # built once, with the marker
    assert len(queries) == 2


@pytest.mark.parametrize("hostile", [2**63, -(2**63) - 5, 10**30])
def test_an_id_no_database_holds_finds_nothing(hostile):
    assert CompiledQuery(_with_co_authors).first(hostile) is None


def test_a_queryset_without_its_marker_is_refused():
    compiled = CompiledQuery(lambda pk: Idea.objects.filter(pk=1))
    with pytest.raises(ValueError, match="marker is 0 times"):
        compiled.first(1)


def _prepared_here() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.postgres
def test_postgresql_plans_a_planned_statement_once_per_connection():
    sql = "SELECT count(*) FROM ideas_idea WHERE id > %s"
    IdeaFactory()
    answers = []
    for _ in range(3):
        with planned_cursor() as cursor:
            cursor.execute(sql, [0])
            answers.append(cursor.fetchone()[0])
    assert answers == [1, 1, 1]
    prepared = [s for s in _prepared_here() if "FROM ideas_idea WHERE id > $1" in s]
    assert len(prepared) == 1


@pytest.mark.postgres
def test_without_prepared_statements_nothing_is_prepared(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    with planned_cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ideas_support WHERE id > %s", [7])
        assert cursor.fetchone() == (0,)
    assert not [s for s in _prepared_here() if "ideas_support WHERE id >" in s]


@pytest.mark.postgres
def test_a_write_through_a_planned_cursor_moves_the_data_version(committed):
    from common import data_version

    idea = IdeaFactory()
    before = data_version.version()
    with committed(), planned_cursor() as cursor:
        cursor.execute(
            "UPDATE ideas_idea SET title = %s WHERE id = %s", ["Ny", idea.pk]
        )
    assert Idea.objects.get(pk=idea.pk).title == "Ny"
    assert data_version.version() == before + 1


def test_two_values_go_each_in_its_markers_place():
    from common.compiled import ID_MARKER, SECOND_ID_MARKER

    compiled = CompiledQuery(
        lambda idea, author: Idea.objects.filter(pk=idea, author_id=author).only(
            "pk", "title", "author_id"
        ),
        markers=(ID_MARKER, SECOND_ID_MARKER),
    )
    idea, other = IdeaFactory(), IdeaFactory()
    found = compiled.first(idea.pk, idea.author_id)
    assert (found.pk, found.title) == (idea.pk, idea.title)
    assert compiled.first(idea.pk, other.author_id) is None
    assert compiled.first(other.pk, other.author_id).pk == other.pk


def _with_related(pk):
    return Idea.objects.select_related("author", "organisation", "district").filter(
        pk=pk
    )


def test_select_related_models_come_with_the_row_and_ask_nothing_more():
    from tests.accounts.factories import OrganisationFactory

    compiled = CompiledQuery(_with_related)
    organisation = OrganisationFactory()
    idea = IdeaFactory(organisation=organisation)
    alone = IdeaFactory()
    found = compiled.first(idea.pk)
    with CaptureQueriesContext(connection) as queries:
        assert found.author.pk == idea.author_id
        assert found.author.display_name == idea.author.display_name
        assert found.organisation.name == organisation.name
        assert found.district is None
    assert len(queries) == 0
    lone = compiled.first(alone.pk)
    with CaptureQueriesContext(connection) as queries:
        assert lone.organisation is None and lone.author.pk == alone.author_id
    assert len(queries) == 0


def test_a_relation_across_two_joins_is_set_on_the_model_between():
    from forum.models import Post
    from tests.forum.factories import PostFactory

    compiled = CompiledQuery(
        lambda pk: Post.objects.select_related("quote__author").filter(pk=pk)
    )
    quoted = PostFactory()
    post = PostFactory(quote=quoted, idea=quoted.idea)
    found = compiled.first(post.pk)
    with CaptureQueriesContext(connection) as queries:
        assert found.quote.pk == quoted.pk
        assert found.quote.author.pk == quoted.author_id
    assert len(queries) == 0


def _newest_of_author(author):
    from common.compiled import WINDOW

    return Idea.objects.filter(author_id=author).order_by("-pk")[WINDOW]


def test_a_window_is_read_as_the_sliced_queryset_reads_it():
    from tests.ideas.factories import VerifiedUserFactory

    author = VerifiedUserFactory()
    ideas = [IdeaFactory(author=author) for _ in range(7)]
    IdeaFactory()  # someone else's
    compiled = CompiledQuery(_newest_of_author)
    newest_first = [idea.pk for idea in reversed(ideas)]
    for offset, limit in ((0, 3), (3, 3), (6, 3), (7, 3), (0, 50)):
        found = compiled.all(author.pk, window=(offset, limit))
        assert [idea.pk for idea in found] == newest_first[offset : offset + limit]


def test_a_window_inside_a_subquery_keeps_the_parameters_after_it_in_place():
    from django.db.models import Subquery

    from common.compiled import SECOND_ID_MARKER, WINDOW

    def make(author, not_this):
        newest = Idea.objects.filter(author_id=author).order_by("-pk")[WINDOW]
        return (
            Idea.objects.filter(pk__in=Subquery(newest.values("pk")))
            .exclude(pk=not_this)
            .order_by("pk")
        )

    idea = IdeaFactory()
    others = [IdeaFactory(author=idea.author) for _ in range(3)]
    compiled = CompiledQuery(make, markers=(ID_MARKER, SECOND_ID_MARKER))
    found = compiled.all(idea.author_id, others[-1].pk, window=(0, 2))
    # The newest two are others[-1] and others[-2]; the first is left out.
    assert [i.pk for i in found] == [others[-2].pk]


def test_a_window_must_be_given_where_the_query_has_one_and_only_there():
    compiled = CompiledQuery(_newest_of_author)
    with pytest.raises(ValueError, match="window"):
        compiled.all(1)
    with pytest.raises(ValueError, match="window"):
        CompiledQuery(_with_co_authors).all(1, window=(0, 1))
