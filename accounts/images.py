"""Uploaded pictures are decoded, size-checked and re-encoded, so what we store and
serve is pixels we produced: no metadata (EXIF, GPS) and no smuggled payloads."""

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000  # refuses decompression bombs before decoding


def reencode_image(
    upload: UploadedFile, *, max_bytes: int, max_side: int, name_prefix: str
) -> ContentFile:
    if upload.size > max_bytes:
        raise ValidationError(
            _("The picture is too large: at most %(mb)s MB.")
            % {"mb": max_bytes // (1024 * 1024)},
            code="too_large",
        )
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
        if image_format not in ACCEPTED_FORMATS:
            raise ValidationError(_("Use a JPEG, PNG or WebP picture."), code="format")
        if width * height > MAX_PIXELS:
            raise ValidationError(_("The picture has too many pixels."), code="pixels")
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image = image.convert(
                "RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB"
            )
            image.thumbnail((max_side, max_side))
            output = io.BytesIO()
            # A fresh image carries no EXIF or other metadata from the upload.
            image.save(output, format="WEBP", quality=85, method=4)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This file is not a picture we can read."), code="not_image"
        ) from error
    return ContentFile(
        output.getvalue(), name=f"{name_prefix}-{secrets.token_hex(8)}.webp"
    )
