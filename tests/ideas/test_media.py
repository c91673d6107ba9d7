import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from ideas import media, services
from ideas.models import Idea, IdeaAttachment, IdeaImage
from ideas.services import IdeaData
from tests.ideas.factories import IdeaFactory
from tests.ideas.pdfs import PLAIN

pytestmark = pytest.mark.django_db
PDF = PLAIN


def jpeg_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (59.0, 20.0, 0.0)}
    output = io.BytesIO()
    Image.new("RGB", (2400, 1200), (10, 120, 60)).save(
        output, format="JPEG", exif=exif.tobytes()
    )
    return SimpleUploadedFile("foto.jpg", output.getvalue(), content_type="image/jpeg")


def test_a_picture_is_re_encoded_without_gps_and_needs_alt_text(resident, goals):
    idea = IdeaFactory(author=resident, goals=goals)
    with pytest.raises(ValidationError):
        media.idea_image_add(
            actor=resident, idea=idea, upload=jpeg_with_gps(), alt_text=" "
        )
    image = media.idea_image_add(
        actor=resident, idea=idea, upload=jpeg_with_gps(), alt_text="En park"
    )
    with Image.open(image.image.path) as stored:
        assert stored.format == "WEBP"
        assert max(stored.size) == media.IMAGE_MAX_SIDE
        assert not stored.getexif()
    assert (image.width, image.height) == (1600, 800)


def test_a_sixth_picture_is_refused(resident, goals):
    idea = IdeaFactory(author=resident, goals=goals)
    for n in range(5):
        media.idea_image_add(
            actor=resident, idea=idea, upload=jpeg_with_gps(), alt_text=f"Bild {n}"
        )
    with pytest.raises(ValidationError, match="högst 5"):
        media.idea_image_add(
            actor=resident, idea=idea, upload=jpeg_with_gps(), alt_text="Bild 6"
        )
    assert IdeaImage.objects.filter(idea=idea).count() == 5


def test_a_renamed_program_is_not_a_picture_and_a_fake_pdf_not_a_pdf(resident, goals):
    idea = IdeaFactory(author=resident, goals=goals)
    program = SimpleUploadedFile(
        "foto.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg"
    )
    with pytest.raises(ValidationError):
        media.idea_image_add(actor=resident, idea=idea, upload=program, alt_text="x")
    fake = SimpleUploadedFile("rapport.pdf", b"MZ not a pdf", "application/pdf")
    with pytest.raises(ValidationError, match="PDF"):
        media.idea_attachment_add(actor=resident, idea=idea, upload=fake, title="R")
    assert not IdeaImage.objects.exists() and not IdeaAttachment.objects.exists()


def test_up_to_three_real_pdfs(resident, goals):
    idea = IdeaFactory(author=resident, goals=goals)
    for n in range(3):
        upload = SimpleUploadedFile(f"r{n}.pdf", PDF, "application/pdf")
        media.idea_attachment_add(actor=resident, idea=idea, upload=upload, title="R")
    with pytest.raises(ValidationError):
        media.idea_attachment_add(
            actor=resident,
            idea=idea,
            upload=SimpleUploadedFile("r.pdf", PDF, "application/pdf"),
            title="R",
        )
    assert IdeaAttachment.objects.filter(idea=idea).count() == 3


def test_only_the_author_adds_pictures(resident, other_resident, goals):
    idea = IdeaFactory(author=resident, goals=goals)
    with pytest.raises(PermissionDenied):
        media.idea_image_add(
            actor=other_resident, idea=idea, upload=jpeg_with_gps(), alt_text="x"
        )


def test_a_bad_picture_on_submit_saves_no_idea(resident, goals):
    program = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00", "image/jpeg")
    with pytest.raises(ValidationError) as error:
        services.idea_create(
            actor=resident,
            data=IdeaData(title="T", summary="S", body="B", goals=goals),
            publish=True,
            image=(program, "Alt"),
        )
    assert "image" in error.value.message_dict
    assert not Idea.objects.exists()


def test_submitting_with_a_picture_through_the_form(client, resident, goals):
    client.force_login(resident)
    with translation.override("sv"):
        url = reverse("ideas:create")
    response = client.post(
        url,
        {
            "title": "Grönare skolgårdar",
            "summary": "Sensorer för bevattning.",
            "body": "Text.",
            "kind": "idea",
            "goals": [goals[0].pk, goals[1].pk],
            "image": jpeg_with_gps(),
            "image_alt": "En skolgård med träd",
            "publish": "1",
        },
    )
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert idea.images.get().alt_text == "En skolgård med träd"
    page = client.get(idea.get_absolute_url()).content.decode()
    assert 'alt="En skolgård med träd"' in page


def test_a_refused_submission_leaves_no_picture_file(
    resident, goals, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    fake_pdf = SimpleUploadedFile("r.pdf", b"not a pdf", "application/pdf")
    with pytest.raises(ValidationError):
        services.idea_create(
            actor=resident,
            data=IdeaData(title="T", summary="S", body="B", goals=goals),
            publish=True,
            image=(jpeg_with_gps(), "Alt"),
            attachment=(fake_pdf, "Rapport"),
        )
    assert not Idea.objects.exists()
    assert list(tmp_path.rglob("*.*")) == []
