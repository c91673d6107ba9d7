"""A partner's server for the webhook tests: a real HTTP server on a free
local port that keeps every request it gets and answers with the codes it is
told to, in turn (200 once they run out)."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    def events(self) -> list[str]:
        return [r.headers["X-Idestad-Event"] for r in self.received]

    def delivery_ids(self) -> list[int]:
        return [int(r.headers["X-Idestad-Delivery"]) for r in self.received]


@contextmanager
def receiver(answers: list[int] | None = None) -> Iterator[Receiver]:
    box = Receiver(url="", answers=list(answers or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            box.received.append(Received(self.path, dict(self.headers), body))
            code = box.answers.pop(0) if box.answers else 200
            reply = b"ok" if code < 300 else b"not now"
            self.send_response(code)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            """Quiet: the tests read what was received, not a log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/idestad?x=1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box
    finally:
        server.shutdown()
        server.server_close()
