"""Pictures and PDF attachments on ideas. Pictures are decoded and re-encoded
(no EXIF or GPS survives); PDFs are checked by their bytes, not their names."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from accounts.images import reencode_image
from accounts.models import User
from ideas.models import Idea, IdeaAttachment, IdeaImage

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


def add_image(idea: Idea, upload: UploadedFile, alt_text: str) -> IdeaImage:
    """Call inside the transaction of the action that adds it."""
    alt_text = " ".join(alt_text.split())
    if not alt_text:
        raise ValidationError(
            {"image_alt": _("Describe the picture for people who cannot see it.")}
        )
    if idea.images.count() >= MAX_IMAGES:
        raise ValidationError(
            {"image": _("An idea can have at most %(n)s pictures.") % {"n": MAX_IMAGES}}
        )
    try:
        content = reencode_image(
            upload,
            max_bytes=IMAGE_MAX_BYTES,
            max_side=IMAGE_MAX_SIDE,
            name_prefix=f"idea-{idea.pk}",
        )
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    with Image.open(content) as decoded:
        width, height = decoded.size
    content.seek(0)
    image = IdeaImage(idea=idea, alt_text=alt_text, width=width, height=height)
    image.image.save(content.name, content, save=False)
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


def add_attachment(idea: Idea, upload: UploadedFile, title: str) -> IdeaAttachment:
    """Call inside the transaction of the action that adds it."""
    if idea.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "attachment": _("An idea can have at most %(n)s attachments.")
                % {"n": MAX_ATTACHMENTS}
            }
        )
    if upload.size > PDF_MAX_BYTES:
        raise ValidationError(
            {"attachment": _("The file is too large: at most 10 MB.")}
        )
    if not is_pdf(upload):
        raise ValidationError({"attachment": _("Only PDF files can be attached.")})
    attachment = IdeaAttachment(
        idea=idea,
        title=" ".join(title.split()) or _("Attachment"),
        size=upload.size,
    )
    attachment.file.save(
        f"idea-{idea.pk}-{secrets.token_hex(8)}.pdf", upload, save=False
    )
    attachment.save()
    return attachment


@transaction.atomic
def idea_image_add(
    *, actor: User, idea: Idea, upload: UploadedFile, alt_text: str
) -> IdeaImage:
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    _check_owner(actor, idea)
    return add_image(idea, upload, alt_text)


@transaction.atomic
def idea_attachment_add(
    *, actor: User, idea: Idea, upload: UploadedFile, title: str
) -> IdeaAttachment:
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    _check_owner(actor, idea)
    return add_attachment(idea, upload, title)


@transaction.atomic
def idea_media_remove(*, actor: User, item: IdeaImage | IdeaAttachment) -> None:
    _check_owner(actor, item.idea)
    field = item.image if isinstance(item, IdeaImage) else item.file
    name, storage = field.name, field.storage
    item.delete()
    transaction.on_commit(lambda: storage.delete(name))
