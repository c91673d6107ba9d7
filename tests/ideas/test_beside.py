"""An idea's page shows everything beside the idea (tags, pictures,
attachments, the project it became, co-authors, its timeline, the ideas merged
into it), and reads none of it where there is none (ideas.beside)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import services as forum
from ideas import co_authors, media, projects, workflow
from ideas.models import IdeaStatus
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.ideas.pdfs import PLAIN
from tests.ideas.test_media import jpeg_with_gps
from tests.ideas.test_projects import project_data

pytestmark = pytest.mark.django_db

# The tables of what the page shows beside an idea.
BESIDE = (
    "taggit_taggeditem",
    "ideas_ideaimage",
    "ideas_ideaattachment",
    "ideas_project_origin_ideas",
    "ideas_coauthor",
    "ideas_statuschange",
)


def page_of(client, idea) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_an_idea_with_nothing_beside_it_reads_none_of_it(client, goals):
    idea = IdeaFactory(goals=goals)
    _html, queries = page_of(client, idea)
    for table in BESIDE:
        reading = [sql for sql in queries if f'"{table}"' in sql]
        # Only the idea's own query, asking whether there is any.
        assert len(reading) == 1, (table, reading)
        assert reading[0].lstrip().startswith('SELECT "ideas_idea"."id"')


def test_an_idea_shows_everything_beside_it(
    client, goals, moderator, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(goals=goals, title="Gröna tak", status=IdeaStatus.ACCEPTED)
    author = idea.author
    idea.tags.set(["takträdgård"])
    media.idea_image_add(
        actor=author, idea=idea, upload=jpeg_with_gps(), alt_text="Ett grönt tak"
    )
    media.idea_attachment_add(
        actor=author,
        idea=idea,
        upload=SimpleUploadedFile("plan.pdf", PLAIN, "application/pdf"),
        title="Ritningar",
    )
    writer = VerifiedUserFactory(display_name="Ada Medförfattare")
    with django_capture_on_commit_callbacks(execute=True):
        invited = co_authors.co_author_invite(
            actor=author, idea=idea, email=writer.email
        )
    co_authors.co_author_accept(
        actor=writer, token=co_authors.invitation_token(invited)
    )
    duplicate = IdeaFactory(goals=goals, title="Fler gröna tak")
    forum.post_create(
        actor=VerifiedUserFactory(), target=duplicate, body="Även på skolor!"
    )
    workflow.idea_status_change(
        actor=moderator, idea=duplicate, status=IdeaStatus.DUPLICATE,
        reason="Samma sak.", duplicate_of=idea,
    )  # fmt: skip
    projects.project_promote(
        actor=moderator, ideas=[idea], data=project_data(title="Gröna tak i City"),
        reason="Ett projekt.",
    )  # fmt: skip

    html, _queries = page_of(client, idea)
    for shown in (
        "takträdgård",
        'alt="Ett grönt tak"',
        "Ritningar",
        "Gröna tak i City",
        "Ada Medförfattare",
        "Även på skolor!",  # the merged idea's discussion
        "Samma sak.",  # its merge, in the timeline
    ):
        assert shown in html, shown
