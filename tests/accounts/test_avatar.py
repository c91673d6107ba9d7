import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from accounts import services
from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def sv(name: str) -> str:
    with translation.override("sv"):
        return reverse(name)


def picture(fmt: str = "JPEG", size=(1200, 800), mode="RGB", exif=True) -> bytes:
    image = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (0, 0, 0, 0))
    output = io.BytesIO()
    kwargs = {}
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "Secret Camera Maker"  # Make
        data[0x8825] = {1: "N", 2: (59.0, 24.0, 0.0)}  # GPS position
        kwargs["exif"] = data.tobytes()
    image.save(output, format=fmt, **kwargs)
    return output.getvalue()


def upload(client, content: bytes, name: str = "me.jpg", content_type="image/jpeg"):
    return client.post(
        sv("accounts:avatar"),
        {"avatar": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.fixture
def person(client):
    person = UserFactory()
    client.force_login(person)
    return person


def test_a_photo_is_re_encoded_small_and_without_its_metadata(client, person):
    original = picture()
    assert b"Secret Camera Maker" in original
    response = upload(client, original)
    assert response.status_code == 302
    person.refresh_from_db()
    stored = person.avatar.read()
    assert b"Secret Camera Maker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "WEBP"
        assert max(image.size) == 512
        assert not image.getexif()


def test_a_transparent_png_is_accepted(client, person):
    response = upload(client, picture("PNG", mode="RGBA"), "me.png", "image/png")
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).avatar


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 this is a program" * 50, "me.jpg", "inte en bild"),
        (picture("GIF", exif=False), "me.gif", "JPEG, PNG eller WebP"),
        (b"\xff\xd8" + b"0" * (2 * 1024 * 1024 + 1), "big.jpg", "för stor"),
    ],
)
def test_bad_pictures_are_explained_and_nothing_is_stored(
    client, person, content, name, message
):
    response = upload(client, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.get(pk=person.pk).avatar


def test_removing_the_picture_deletes_the_file(
    client, person, django_capture_on_commit_callbacks
):
    upload(client, picture())
    person.refresh_from_db()
    storage, name = person.avatar.storage, person.avatar.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sv("accounts:avatar"), {"remove": "on"})
    assert response.status_code == 302
    assert not User.objects.get(pk=person.pk).avatar
    assert not storage.exists(name)


def test_deleting_the_account_deletes_the_picture(
    client, person, django_capture_on_commit_callbacks
):
    upload(client, picture())
    person.refresh_from_db()
    storage, name = person.avatar.storage, person.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        services.account_delete(actor=person, user=person, keep_contributions=False)
    assert not storage.exists(name)
