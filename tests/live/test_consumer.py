"""The /ws/ endpoint's connection layer, through the full ASGI application."""

import pytest
from channels.testing import WebsocketCommunicator

from config.asgi import application

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
HOST = (b"host", b"127.0.0.1:8000")


def connect(origin: tuple[bytes, bytes] = ORIGIN) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, "/ws/", headers=[origin, HOST])


@pytest.mark.django_db(transaction=True)
async def test_a_ping_gets_a_pong():
    communicator = connect()
    connected, _ = await communicator.connect()
    try:
        assert connected
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from() == {"type": "pong"}
    finally:
        await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("{not json", "bad_json"),
        ("[1, 2]", "bad_frame"),
        ('{"no": "type"}', "bad_frame"),
        ('{"type": "launch"}', "unknown_type"),
        ('{"type": 3}', "bad_frame"),
        ('{"type": "subscribe"}', "bad_frame"),
        ('{"type": "subscribe", "stream": "idea.1", "since": "17"}', "bad_frame"),
        ('{"type": "subscribe", "stream": "idea.1", "since": true}', "bad_frame"),
        ('{"type": "subscribe", "stream": "idea.1", "since": -1}', "bad_frame"),
        ('{"type": "subscribe", "stream": "forum.all"}', "unknown_stream"),
        ('{"type": "ping", "pad": "' + "x" * 5000 + '"}', "frame_too_large"),
    ],
)
async def test_a_bad_frame_gets_an_error_and_the_connection_stays_usable(frame, code):
    communicator = connect()
    await communicator.connect()
    try:
        await communicator.send_to(text_data=frame)
        error = await communicator.receive_json_from()
        assert error["type"] == "error"
        assert error["code"] == code
        assert error["message"]
        await communicator.send_json_to({"type": "ping"})
        assert await communicator.receive_json_from() == {"type": "pong"}
    finally:
        await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_connection_from_a_foreign_origin_is_refused():
    communicator = connect(origin=(b"origin", b"https://evil.example"))
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "origin",
    [
        b"http://127.0.0.1:8080",  # another service on the same host
        b"https://127.0.0.1:8000",  # another scheme
        b"http://127.0.0.1",  # another port (80)
        b"null",  # a sandboxed frame or a file
    ],
)
async def test_an_origin_on_our_host_name_but_another_port_or_scheme_is_refused(
    origin,
):
    communicator = connect(origin=(b"origin", origin))
    connected, _ = await communicator.connect()
    assert not connected
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_a_trusted_origin_from_the_settings_is_let_in(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://localhost:8443"]  # another front door
    communicator = connect(origin=(b"origin", b"https://localhost:8443"))
    connected, _ = await communicator.connect()
    assert connected
    await communicator.disconnect()
