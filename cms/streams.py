"""The live stream of a published challenge page (live.streams)."""

from accounts.models import User
from cms.models import ChallengePage
from live.streams import StreamCheck, register_stream


def challenge_stream(user: User, pk: int | None) -> StreamCheck:
    exists = ChallengePage.objects.live().filter(pk=pk).exists()
    return StreamCheck.allowed(exists, missing=not exists)


def register_streams() -> None:
    register_stream("challenge", check=challenge_stream)
