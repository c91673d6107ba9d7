"""What ideas/ shows on the CMS's pages, registered with cms.sections (cms
imports nothing from here): the home page's call to action, newest and most
supported ideas and running projects; a goal's ideas and projects; a
challenge's ideas. Each reads a bounded number of rows in constant queries."""

from django.core.paginator import Paginator
from django.http import HttpRequest
from wagtail.models import Page

from cms.models import ChallengePage, GoalPage, HomePage
from cms.sections import register_page_section
from common.locales import locale_of
from ideas import selectors
from ideas.models import Project
from ideas.selectors import IdeaFilters

HOME_IDEAS = 3
GOAL_ITEMS = 6
CHALLENGE_IDEAS_PER_PAGE = 20


def home_call_to_action(page: Page, request: HttpRequest) -> dict:
    return {}


def home_ideas(page: Page, request: HttpRequest) -> dict:
    newest = list(selectors.idea_list(filters=IdeaFilters(sort="newest"))[:HOME_IDEAS])
    popular = list(
        selectors.idea_list(filters=IdeaFilters(sort="most_supported"))[:HOME_IDEAS]
    )
    selectors.attach_localized_goals([*newest, *popular], locale=locale_of(page))
    return {"newest_ideas": newest, "popular_ideas": popular}


def home_projects(page: Page, request: HttpRequest) -> dict:
    running = selectors.project_list().filter(status=Project.Status.RUNNING)
    projects = list(running[:HOME_IDEAS])
    selectors.attach_localized_goals(projects, locale=locale_of(page))
    return {"projects": projects}


def goal_ideas_and_projects(page: Page, request: HttpRequest) -> dict:
    idea_count, ideas = selectors.idea_list_for_goal(goal=page, limit=GOAL_ITEMS)
    project_count, projects = selectors.project_list_for_goal(
        goal=page, limit=GOAL_ITEMS
    )
    return {
        "idea_count": idea_count,
        "ideas": ideas,
        "project_count": project_count,
        "projects": projects,
    }


def goal_indicators(page: Page, request: HttpRequest) -> dict | None:
    indicators = selectors.indicator_list_for_goal(goal=page)
    return {"indicators": indicators} if indicators else None


def challenge_ideas(page: Page, request: HttpRequest) -> dict:
    ideas = Paginator(
        selectors.idea_list_for_challenge(challenge=page), CHALLENGE_IDEAS_PER_PAGE
    ).get_page(request.GET.get("page") if request else 1)
    selectors.attach_localized_goals(list(ideas.object_list), locale=locale_of(page))
    return {"ideas": ideas}


def register_page_sections() -> None:
    register_page_section(
        HomePage,
        "submit_idea",
        template="ideas/sections/home_call_to_action.html",
        context=home_call_to_action,
        slot="hero",
    )
    register_page_section(
        HomePage,
        "ideas",
        template="ideas/sections/home_ideas.html",
        context=home_ideas,
        slot="top",
    )
    register_page_section(
        HomePage,
        "projects",
        template="ideas/sections/home_projects.html",
        context=home_projects,
        slot="main",
    )
    register_page_section(
        GoalPage,
        "ideas_and_projects",
        template="ideas/sections/goal_ideas_and_projects.html",
        context=goal_ideas_and_projects,
    )
    register_page_section(
        GoalPage,
        "indicators",
        template="ideas/sections/goal_indicators.html",
        context=goal_indicators,
        order=110,
    )
    register_page_section(
        ChallengePage,
        "ideas",
        template="ideas/sections/challenge_ideas.html",
        context=challenge_ideas,
    )
