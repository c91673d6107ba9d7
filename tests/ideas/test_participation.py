"""My participation (/sv/mitt-deltagande/): the ideas I wrote (drafts too),
support and follow, the projects I follow and my comments, each with its
current state, and what changed since my last visit marked "New"."""

import pytest
from django.urls import reverse
from django.utils import translation

from forum import services as forum
from ideas import supports, workflow
from notifications.services import follow_add
from tests.forum.factories import PostFactory
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db


def url(language: str = "sv") -> str:
    with translation.override(language):
        return reverse("ideas:participation")


def test_the_address_is_said_as_people_say_it():
    assert url("sv") == "/sv/mitt-deltagande/"
    assert url("en") == "/en/my-participation/"


def test_strangers_are_asked_to_sign_in(client):
    response = client.get(url())
    assert response.status_code == 302 and "login" in response["Location"]


def test_everything_i_took_part_in_with_what_changed_since_my_last_visit(
    client, staff, goals
):
    me = VerifiedUserFactory()
    mine = IdeaFactory(author=me, title="Min idé om cykelbanor", goals=goals)
    draft = IdeaFactory(author=me, title="Mitt utkast", published_at=None)
    supported = IdeaFactory(title="Idén jag stöder", goals=goals)
    followed = IdeaFactory(title="Idén jag följer", goals=goals)
    supports.support_add(actor=me, idea=supported)
    follow_add(actor=me, target=followed)
    forum.post_create(actor=me, target=followed, body="Bra tänkt om belysningen!")
    client.force_login(me)

    first = client.get(url()).content.decode()
    for title in ("Min idé om cykelbanor", "Mitt utkast", "Idén jag stöder",
                  "Idén jag följer", "Bra tänkt om belysningen!"):  # fmt: skip
        assert title in first, title
    assert "Utkast" in first and f"/ideas/{draft.pk}/edit/" in first
    assert "Ny status" not in first  # a first visit marks nothing

    workflow.idea_status_change(
        actor=staff, idea=supported, status="accepted", reason="Bra idé."
    )
    workflow.idea_answer(actor=staff, idea=mine, text="Vi tittar på det.")
    forum.post_create(actor=VerifiedUserFactory(), target=mine, body="Håller med!")
    second = client.get(url()).content.decode()
    assert second.count("Ny status") == 1
    assert "Nytt svar från staden" in second
    assert "1 ny kommentar" in second
    assert "Antagen" in second

    third = client.get(url()).content.decode()  # seen: nothing new any more
    assert "Ny status" not in third and "ny kommentar" not in third


def test_the_page_asks_the_same_number_of_queries_for_more_rows(
    client, goals, django_assert_max_num_queries
):
    me = VerifiedUserFactory()
    client.force_login(me)

    def take_part(start: int, n: int) -> None:
        for i in range(start, start + n):
            idea = IdeaFactory(goals=goals, title=f"Idé {i}")
            supports.support_add(actor=me, idea=idea)
            IdeaFactory(author=me, title=f"Egen {i}")
            PostFactory(author=me, idea=idea, body=f"Kommentar {i}")

    take_part(0, 2)
    client.get(url())
    with django_assert_max_num_queries(40) as few:
        client.get(url())
    take_part(2, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url()).content.decode()
    assert "Kommentar 7" in page and "Egen 7" in page


def test_followed_projects_show_their_news_since_my_last_visit(
    client, moderator, goals, django_capture_on_commit_callbacks
):
    from datetime import date

    from ideas import projects
    from tests.ideas.test_projects import project_data

    me = VerifiedUserFactory()
    project = projects.project_create(actor=moderator, data=project_data(), goals=goals)
    follow_add(actor=me, target=project)
    client.force_login(me)
    assert "Läckagesensorer i vattennätet" in client.get(url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        projects.milestone_add(
            actor=moderator, project=project, title="Första brunnarna",
            due_on=date(2027, 5, 1), done_on=None,
        )  # fmt: skip
    assert "Nytt: 1 nyhet" in client.get(url()).content.decode()
