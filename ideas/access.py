"""Which idea a form may act on, and where the person goes back to after."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from common.compiled import CompiledQuery
from ideas import beside
from ideas.models import Idea


def _ideas_for_action(pk: int) -> QuerySet[Idea]:
    return beside.with_co_author_presence(Idea.objects.order_by()).filter(pk=pk)


# Every support and status change reads it: its SQL is written once.
_idea_for_action = CompiledQuery(_ideas_for_action)


def idea_for_action(request: HttpRequest, pk: int) -> Idea:
    """The idea a form posts to. A draft is not there for anyone but its author
    and moderators: not even its address (with its title in the slug) leaks."""
    idea = _idea_for_action.first(pk)
    if idea is None:
        raise Http404
    beside.load_co_authors(idea)
    if not idea.is_published and not request.user.has_perm("ideas.view_idea", idea):
        raise Http404
    return idea


def back_to(request: HttpRequest, idea: Idea) -> HttpResponse:
    """Back to the idea's page; by its number alone when the person may not
    see its title (hidden by moderators, or someone else's draft)."""
    if request.user.has_perm("ideas.view_idea", idea):
        return redirect(idea)
    return redirect("ideas:detail_short", pk=idea.pk)
