"""Pictures and PDF attachments on ideas. Pictures are decoded and re-encoded
(no EXIF or GPS survives); PDFs are checked by their bytes, not their names."""

import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from accounts.images import reencode_image
from accounts.models import User
from ideas.models import Idea, IdeaAttachment, IdeaImage
from ideas.pdf import PdfRefused, inspect_pdf

MAX_IMAGES = 5
MAX_ATTACHMENTS = 3
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_SIDE = 1600
PDF_MAX_BYTES = 10 * 1024 * 1024


def _check_owner(actor: User, idea: Idea) -> None:
    if (
        not actor.has_perm("ideas.change_idea", idea)
        and idea.assisted_by_id != actor.pk
    ):
        raise PermissionDenied


@dataclass(frozen=True)
class PreparedImage:
    """A checked, re-encoded picture not yet written to storage."""

    content: ContentFile
    alt_text: str
    width: int
    height: int


def prepare_image(upload: UploadedFile, alt_text: str) -> PreparedImage:
    """Check and re-encode a picture before anything is written, so a refused
    submission leaves no file behind."""
    alt_text = " ".join(alt_text.split())
    if not alt_text:
        raise ValidationError(
            {"image_alt": _("Describe the picture for people who cannot see it.")}
        )
    try:
        content = reencode_image(
            upload,
            max_bytes=IMAGE_MAX_BYTES,
            max_side=IMAGE_MAX_SIDE,
            name_prefix="idea",
        )
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    with Image.open(content) as decoded:
        width, height = decoded.size
    content.seek(0)
    return PreparedImage(content, alt_text, width, height)


def store_image(idea: Idea, prepared: PreparedImage) -> IdeaImage:
    """Call inside the transaction of the action that adds it, idea row locked."""
    if idea.images.count() >= MAX_IMAGES:
        raise ValidationError(
            {"image": _("An idea can have at most %(n)s pictures.") % {"n": MAX_IMAGES}}
        )
    image = IdeaImage(
        idea=idea,
        alt_text=prepared.alt_text,
        width=prepared.width,
        height=prepared.height,
    )
    image.image.save(prepared.content.name, prepared.content, save=False)
    image.save()
    return image


def is_pdf(upload: UploadedFile) -> bool:
    """A PDF starts with ``%PDF-`` and ends with ``%%EOF`` (perhaps followed by
    white space); a renamed file of another kind does not."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(max(upload.size - 1024, 0))
    tail = upload.read()
    upload.seek(0)
    return head.startswith(b"%PDF-") and b"%%EOF" in tail


def check_attachment(upload: UploadedFile) -> None:
    """Check a PDF before anything is written."""
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError(
            {"attachment": _("The file is too large: at most 10 MB.")}
        )
    if not is_pdf(upload):
        raise ValidationError({"attachment": _("Only PDF files can be attached.")})
    upload.seek(0)
    try:
        inspect_pdf(upload.read())
    except PdfRefused as refused:
        raise ValidationError(
            {
                "attachment": _("Only PDF files can be attached.")
                if str(refused) == "frame"
                else _(
                    "The PDF contains scripts, actions or embedded files, which "
                    "are not allowed. Save it again as a plain PDF (for example "
                    "with “Print to PDF”) and attach that."
                )
            }
        ) from refused
    finally:
        upload.seek(0)


def store_attachment(idea: Idea, upload: UploadedFile, title: str) -> IdeaAttachment:
    """Call inside the transaction of the action that adds it, after
    ``check_attachment``, with the idea row locked."""
    if idea.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "attachment": _("An idea can have at most %(n)s attachments.")
                % {"n": MAX_ATTACHMENTS}
            }
        )
    attachment = IdeaAttachment(
        idea=idea,
        title=" ".join(title.split()) or _("Attachment"),
        size=upload.size,
    )
    name = f"idea-{idea.pk}-{secrets.token_hex(8)}.pdf"
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def idea_image_add(
    *, actor: User, idea: Idea, upload: UploadedFile, alt_text: str
) -> IdeaImage:
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    _check_owner(actor, idea)
    return store_image(idea, prepare_image(upload, alt_text))


@transaction.atomic
def idea_attachment_add(
    *, actor: User, idea: Idea, upload: UploadedFile, title: str
) -> IdeaAttachment:
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    _check_owner(actor, idea)
    check_attachment(upload)
    return store_attachment(idea, upload, title)


@transaction.atomic
def idea_media_remove(*, actor: User, item: IdeaImage | IdeaAttachment) -> None:
    _check_owner(actor, item.idea)
    field = item.image if isinstance(item, IdeaImage) else item.file
    name, storage = field.name, field.storage
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))
