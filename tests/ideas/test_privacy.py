"""Ideas and supports in "download my data" and "delete my account"."""

import pytest
from django.utils import translation

from accounts import privacy, services
from ideas import supports
from ideas.models import Idea, Support
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory
from tests.ideas.pdfs import PLAIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def active_person(goals):
    person = VerifiedUserFactory()
    mine = IdeaFactory(author=person, goals=goals, title="Min idé")
    IdeaFactory(author=person, goals=goals, published_at=None, title="Mitt utkast")
    theirs = IdeaFactory(goals=goals)
    supports.support_add(actor=person, idea=theirs)
    supports.support_add(actor=VerifiedUserFactory(), idea=mine)
    return person, mine, theirs


def test_the_export_holds_ideas_drafts_and_supports(active_person):
    person, mine, theirs = active_person
    data = privacy.export_user_data(person)
    assert {i["title"] for i in data["ideas"]} == {"Min idé", "Mitt utkast"}
    assert data["supports"] == [
        {"idea_id": theirs.pk, "idea": theirs.title, "at": data["supports"][0]["at"]}
    ]
    assert data["follows"]  # supporting follows the idea


def test_deleting_and_keeping_contributions_leaves_them_as_former_participant(
    active_person, client
):
    person, mine, theirs = active_person
    services.account_delete(actor=person, user=person, keep_contributions=True)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.author is None
    assert not Idea.objects.filter(title="Mitt utkast").exists()
    assert theirs.support_count == 1 == Support.objects.filter(idea=theirs).count()
    assert Support.objects.filter(idea=theirs, user=None).exists()
    with translation.override("sv"):
        page = client.get(mine.get_absolute_url()).content.decode()
    assert "Tidigare deltagare" in page


def test_deleting_everything_keeps_counts_consistent(active_person):
    person, mine, theirs = active_person
    services.account_delete(actor=person, user=person, keep_contributions=False)
    assert not Idea.objects.filter(pk=mine.pk).exists()
    theirs.refresh_from_db()
    assert theirs.support_count == 0 == Support.objects.filter(idea=theirs).count()


def test_deleting_everything_removes_the_pictures_from_storage(
    goals, django_capture_on_commit_callbacks
):
    from ideas import media
    from tests.ideas.test_media import jpeg_with_gps

    person = VerifiedUserFactory()
    idea = IdeaFactory(author=person, goals=goals)
    image = media.idea_image_add(
        actor=person, idea=idea, upload=jpeg_with_gps(), alt_text="Bild"
    )
    storage, name = image.image.storage, image.image.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete(actor=person, user=person, keep_contributions=False)
    assert not storage.exists(name)


def test_the_download_carries_the_pictures_and_documents_of_the_persons_ideas(
    active_person, client
):
    import io
    import json
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from ideas import media

    person, mine, theirs = active_person
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), (10, 120, 60)).save(picture, format="PNG")
    image = media.idea_image_add(
        actor=person,
        idea=mine,
        upload=SimpleUploadedFile("gard.png", picture.getvalue(), "image/png"),
        alt_text="En skolgård med träd",
    )
    pdf = PLAIN
    media.idea_attachment_add(
        actor=person,
        idea=mine,
        upload=SimpleUploadedFile("rapport.pdf", pdf, "application/pdf"),
        title="Mätrapport",
    )
    # Someone else's files on someone else's idea stay out.
    media.idea_attachment_add(
        actor=theirs.author,
        idea=theirs,
        upload=SimpleUploadedFile("annan.pdf", pdf, "application/pdf"),
        title="Inte min",
    )
    client.force_login(person)
    response = client.get("/sv/account/privacy/export/")
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zipped:
        names = set(zipped.namelist())
        data = json.loads(zipped.read("data.json"))
        listed = {f["path"]: f for f in data["files"]}
        assert names == {"data.json", *listed}
        assert len(listed) == 2
        stored = {path: zipped.read(path) for path in listed}
    descriptions = sorted(f["description"] for f in listed.values())
    assert descriptions == [
        f"Attachment on idea {mine.pk}: Mätrapport",
        f"Picture on idea {mine.pk}: En skolgård med träd",
    ]
    assert pdf in stored.values()
    with image.image.open("rb") as original:
        assert original.read() in stored.values()
    assert all(f["missing"] is False for f in listed.values())
