"""Holes found when the platform was probed: what a draft's or a hidden idea's
address gives away, and what a PDF attachment may carry."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from ideas import media
from ideas.models import IdeaAttachment
from tests.ideas import pdfs
from tests.ideas.factories import IdeaFactory

pytestmark = pytest.mark.django_db
SECRET_TITLE = "Hemlig plan för Slussen"


def sv(name: str, *args: object) -> str:
    with translation.override("sv"):
        return reverse(name, args=args)


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("ideas:support", {"action": "add"}),
        ("ideas:flag", {"reason": "spam"}),
        ("ideas:follow", {"action": "follow"}),
    ],
)
def test_acting_on_someone_elses_draft_gives_away_nothing(
    client, resident, other_resident, action, data
):
    draft = IdeaFactory(author=other_resident, title=SECRET_TITLE, published_at=None)
    client.force_login(resident)
    response = client.post(sv(action, draft.pk), data)
    assert response.status_code == 404
    assert "slussen" not in response.get("Location", "").lower()
    assert "Slussen" not in response.content.decode()


def test_a_hidden_idea_keeps_its_title_from_the_public(client, resident, moderator):
    idea = IdeaFactory(
        title=SECRET_TITLE, hidden_at=timezone.now(), hidden_reason="Spam"
    )
    short = sv("ideas:detail_short", idea.pk)
    # The address with the title in it leads to the address without.
    response = client.get(idea.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == short
    page = client.get(short).content.decode()
    assert "Slussen" not in page
    assert "<h1>Dold idé</h1>" in page and "<title>Dold idé" in page
    client.force_login(resident)
    response = client.post(sv("ideas:support", idea.pk), {"action": "add"})
    assert response["Location"] == short
    # Moderators see what they are judging.
    client.force_login(moderator)
    assert "Slussen" in client.get(idea.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "content",
    [
        pdfs.OPENS_A_SCRIPT,
        pdfs.ESCAPED_SCRIPT,
        pdfs.SCRIPT_IN_OBJECT_STREAM,
        pdfs.EMBEDDED_FILE,
    ],
    ids=["open-action-script", "escaped-names", "object-stream", "embedded-file"],
)
def test_a_pdf_that_would_run_something_is_refused_with_a_reason(
    resident, goals, content
):
    idea = IdeaFactory(author=resident, goals=goals)
    upload = SimpleUploadedFile("r.pdf", content, "application/pdf")
    with pytest.raises(ValidationError, match="skript, åtgärder eller inbäddade"):
        media.idea_attachment_add(actor=resident, idea=idea, upload=upload, title="R")
    assert not IdeaAttachment.objects.exists()


def test_html_in_a_pdf_frame_is_not_a_pdf(resident, goals):
    idea = IdeaFactory(author=resident, goals=goals)
    upload = SimpleUploadedFile("r.pdf", pdfs.HTML_IN_A_PDF_FRAME, "application/pdf")
    with pytest.raises(ValidationError, match="Bara PDF"):
        media.idea_attachment_add(actor=resident, idea=idea, upload=upload, title="R")


def test_attachments_are_served_as_downloads_of_visible_ideas_only(
    client, resident, other_resident, goals
):
    idea = IdeaFactory(author=resident, goals=goals)
    upload = SimpleUploadedFile("r.pdf", pdfs.PLAIN, "application/pdf")
    attachment = media.idea_attachment_add(
        actor=resident, idea=idea, upload=upload, title="Rapport om trafik"
    )
    address = sv("ideas:attachment", idea.pk, attachment.pk)
    assert address in client.get(idea.get_absolute_url()).content.decode()
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "rapport-om-trafik.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdfs.PLAIN

    idea.published_at = None
    idea.save(update_fields=["published_at"])
    client.force_login(other_resident)
    assert client.get(address).status_code == 404
