"""A mail server for tests: speaks enough SMTP for Django's SMTP backend and
keeps every message it accepts, in order. ``delay`` slows each acceptance, as a
real mail server over a network is slower than a file, so a test can stop the
sender in the middle of a batch."""

import socketserver
import threading
import time
from email import message_from_bytes
from email.message import Message


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, *, delay: float = 0.0, hold_at: int = 0) -> None:
        super().__init__((host, 0), SmtpSession)
        self.delay = delay
        # Message number ``hold_at`` (1-based) is held before it is accepted:
        # ``held`` is set, and it is refused once ``release`` is (its sender is
        # meant to be gone by then, so it never learns of it either way).
        self.hold_at, self.seen = hold_at, 0
        self.held, self.release = threading.Event(), threading.Event()
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"smtp://{host}:{port}"

    def __enter__(self) -> "SmtpSink":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def accept(self, raw: bytes) -> bool:
        time.sleep(self.delay)
        with self.lock:
            self.seen += 1
            hold = self.seen == self.hold_at
        if hold:
            self.held.set()
            self.release.wait(60)
            return False
        with self.lock:
            self.messages.append(message_from_bytes(raw))
        return True


class SmtpSession(socketserver.StreamRequestHandler):
    server: SmtpSink

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                if not self.server.accept(self.read_data()):
                    return  # held and dropped: no answer, as if the link broke
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            elif verb in (b"EHLO", b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 ok")
            else:
                self.reply("502 not implemented")

    def read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)
