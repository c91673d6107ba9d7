"""Statements a request commits one by one move the data version once, when
the view is done; whatever reads the version before that sees it moved."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from common import data_version
from ideas.models import Idea
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _retitle(pk: int, title: str) -> None:
    Idea.objects.filter(pk=pk).update(title=title)  # autocommit: commits at once


def _run(view):
    middleware = data_version.OneBumpPerRequestMiddleware(view)
    return middleware(RequestFactory().post("/sv/"))


def test_two_committed_statements_move_the_version_once_after_the_view():
    idea = IdeaFactory()
    before = data_version.version()
    seen_inside = []

    def view(request):
        _retitle(idea.pk, "Ett")
        _retitle(idea.pk, "Två")
        seen_inside.append(cache.get(data_version.VERSION_KEY))
        return HttpResponse("ok")

    _run(view)
    assert seen_inside == [before]  # nothing read it: not moved yet
    assert data_version.version() == before + 1


def test_a_read_of_the_version_after_a_write_sees_it_moved():
    idea = IdeaFactory()
    before = data_version.version()
    seen = []

    def view(request):
        _retitle(idea.pk, "Ett")
        seen.append(data_version.version())
        _retitle(idea.pk, "Två")
        return HttpResponse("ok")

    _run(view)
    assert seen == [before + 1]
    assert data_version.version() == before + 2


def test_a_view_that_fails_after_writing_still_moves_the_version():
    idea = IdeaFactory()
    before = data_version.version()

    def view(request):
        _retitle(idea.pk, "Ett")
        raise RuntimeError("after the write")

    with pytest.raises(RuntimeError):
        _run(view)
    assert data_version.version() == before + 1


def test_outside_a_request_each_statement_moves_it_at_once():
    idea = IdeaFactory()
    before = data_version.version()
    _retitle(idea.pk, "Ett")
    assert data_version.version() == before + 1
