"""Time-based one-time passwords (RFC 6238), computed the way an authenticator app
does, so tests can pass the second factor for real."""

import base64
import hashlib
import hmac
import struct
import time


def totp_code(secret: str, at: float | None = None, period: int = 30) -> str:
    """The code at ``at``; without it, the code to type now. Like a person who
    sees the code is about to change, that waits for the next one rather than
    send one that expires on the way (a slow CI machine crossed the boundary
    between reading the code and the server checking it)."""
    if at is None:
        left = period - time.time() % period
        if left < 5:
            time.sleep(left + 0.2)
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
