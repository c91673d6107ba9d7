"""Atom feeds of what the public site shows: new ideas (all, or of one goal,
challenge or district), the city's decisions and answers, project news, and
the news pages. Each entry links to its page; ids are those canonical URLs."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from accounts.models import Role
from cms.models import ChallengePage, District, GoalPage, NewsIndexPage
from common.locales import active_locale
from common.parsing import parse_id
from ideas.models import Idea, IdeaStatus
from opendata import selectors
from opendata.selectors import Entry, IdeaScope, on_day


def _author(idea: Idea) -> str:
    return idea.author.display_name if idea.author else _("Former participant")


def _id(value: object) -> int:
    """An id from the address; one no id column could hold is none of ours
    (pages' ids are not range-checked by the ORM: the database would fail)."""
    number = parse_id(str(value))
    if number is None:
        raise Http404
    return number


class AtomFeed(Feed):
    feed_type = Atom1Feed

    def item_link(self, item: Entry) -> str:
        return item.url

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.text

    def item_pubdate(self, item: Entry) -> datetime:
        return item.at

    def item_updateddate(self, item: Entry) -> datetime:
        return item.at

    def item_author_name(self, item: Entry) -> str:
        return item.author

    def item_categories(self, item: Entry) -> list[str]:
        return item.categories


class NewIdeasFeed(AtomFeed):
    """``/<lang>/feeds/ideas/``, or ``…/goals/<id>/``, ``…/challenges/<id>/``,
    ``…/districts/<slug>/`` for one goal, challenge or district."""

    def get_object(self, request: HttpRequest, **kwargs: object) -> IdeaScope:
        if "goal" in kwargs:
            goal = get_object_or_404(GoalPage.objects.live(), pk=_id(kwargs["goal"]))
            return IdeaScope(title=goal.title, url=goal.url or "/", goal=goal)
        if "challenge" in kwargs:
            challenge = get_object_or_404(
                ChallengePage.objects.live(), pk=_id(kwargs["challenge"])
            )
            return IdeaScope(
                title=challenge.title, url=challenge.url or "/", challenge=challenge
            )
        if "district" in kwargs:
            district = get_object_or_404(District, slug=kwargs["district"])
            url = reverse("ideas:list") + f"?district={district.slug}"
            return IdeaScope(title=district.name, url=url, district=district)
        return IdeaScope(url=reverse("ideas:list"))

    def title(self, scope: IdeaScope) -> str:
        if scope.title:
            return _("New ideas: %(what)s – Idéstad") % {"what": scope.title}
        return _("New ideas – Idéstad")

    def subtitle(self, scope: IdeaScope) -> str:
        return _("Ideas for a smart and connected Stockholm, newest first.")

    def link(self, scope: IdeaScope) -> str:
        return scope.url

    def items(self, scope: IdeaScope) -> list[Entry]:
        return [
            Entry(
                title=idea.title,
                url=idea.get_absolute_url(),
                at=idea.published_at,
                text=idea.summary,
                author=_author(idea),
                categories=[goal.title for goal in idea.goals.all()],
            )
            for idea in selectors.new_ideas(scope)
        ]


class DecisionsFeed(AtomFeed):
    """The city's status decisions, with their public reasons, and its
    official answers; an author's withdrawal is among them too."""

    def title(self) -> str:
        return _("Decisions and answers – Idéstad")

    def subtitle(self) -> str:
        return _("Status changes with their public reasons, and official answers.")

    def link(self) -> str:
        return reverse("ideas:list")

    def items(self) -> list[Entry]:
        changes, answers = selectors.decisions()
        entries = [self._change(change) for change in changes]
        entries += [
            Entry(
                title=_("The city has answered “%(title)s”") % {"title": idea.title},
                url=idea.get_absolute_url() + "#official-answer",
                at=idea.answered_at,
                author=idea.answered_by_unit or _("City of Stockholm"),
            )
            for idea in answers
            if idea.answered_at
        ]
        entries.sort(key=lambda entry: entry.at, reverse=True)
        return entries[: selectors.FEED_SIZE]

    @staticmethod
    def _change(change) -> Entry:
        status = IdeaStatus(change.new_status).label
        if change.new_status == IdeaStatus.WITHDRAWN:
            by = _("the author")
        else:
            role = Role(change.actor_role).label if change.actor_role else ""
            by = ", ".join(part for part in (str(role), change.actor_unit) if part)
        return Entry(
            title=_("“%(title)s” is now: %(status)s")
            % {"title": change.idea.title, "status": status},
            url=change.idea.get_absolute_url() + "#timeline",
            at=change.at,
            text=change.reason,
            author=by,
            categories=[str(status)],
        )


class ProjectNewsFeed(AtomFeed):
    """Annual follow-up reports, measured values and reached milestones."""

    def title(self) -> str:
        return _("Project news – Idéstad")

    def subtitle(self) -> str:
        return _("Follow-up of the projects that ideas became.")

    def link(self) -> str:
        return reverse("ideas:project_list")

    def items(self) -> list[Entry]:
        reports, values, reached = selectors.project_news()
        entries = [
            Entry(
                title=_("Follow-up report %(year)s: %(project)s")
                % {"year": report.year, "project": report.project.title},
                url=report.project.get_absolute_url(),
                at=report.created_at,
            )
            for report in reports
        ]
        entries += [
            Entry(
                title=_("%(indicator)s: %(value)s %(unit)s (%(project)s)")
                % {
                    "indicator": value.indicator.name,
                    "value": value.value.normalize(),
                    "unit": value.indicator.unit,
                    "project": value.indicator.project.title,
                },
                url=value.indicator.project.get_absolute_url(),
                at=on_day(value.measured_on),
            )
            for value in values
        ]
        entries += [
            Entry(
                title=_("Milestone reached: %(milestone)s (%(project)s)")
                % {"milestone": milestone.title, "project": milestone.project.title},
                url=milestone.project.get_absolute_url(),
                at=on_day(milestone.done_on),
            )
            for milestone in reached
            if milestone.done_on
        ]
        entries.sort(key=lambda entry: entry.at, reverse=True)
        return entries[: selectors.FEED_SIZE]


class NewsFeed(AtomFeed):
    def title(self) -> str:
        return _("News – Idéstad")

    def link(self) -> str:
        index = NewsIndexPage.objects.live().filter(locale=active_locale()).first()
        return (index.url if index else None) or "/"

    def items(self) -> list[Entry]:
        return [
            Entry(
                title=page.title,
                url=page.url or "/",
                at=on_day(page.date),
                text=page.intro,
            )
            for page in selectors.news(active_locale())
        ]
