"""A local stand-in for Google Translate's speech endpoint (batchexecute), on 127.0.0.1.

The only fake in the project: a real HTTP server answering the way Google does, so gTTS's
own code builds the requests and parses the answers. Used by the gTTS tests and by the
gTTS benchmark, which then measure against the same thing.
"""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PATH = "/_/TranslateWebserverUi/data/batchexecute"


@dataclass
class FakeGoogle:
    mp3: bytes
    statuses: list[int] = field(default_factory=list)  # answered first, in order; then 200
    texts: list[str] = field(default_factory=list)  # the text of every request received
    delay: float = 0.0  # seconds to wait before answering: a slow endpoint
    answered: int = 0  # requests answered so far (a slow endpoint has not answered yet)
    released: threading.Event = field(default_factory=threading.Event)  # ends every delay
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PATH}"

    def answer(self, body: str) -> tuple[int, bytes]:
        rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])
        with self.lock:
            self.texts.append(json.loads(rpc[0][0][1])[0])
            status = self.statuses.pop(0) if self.statuses else 200
        if status != 200:
            return status, b"error"
        audio = base64.b64encode(self.mp3).decode("ascii")
        # The shape of Google's answer: an anti-JSON prefix, then length-prefixed JSON lines.
        rpc_answer = [["wrb.fr", "jQ1olc", json.dumps([audio]), None, None, None, "generic"]]
        line = json.dumps(rpc_answer, separators=(",", ":"))
        return 200, f')]}}\'\n\n{len(line)}\n{line}\n25\n[["e",4,null,null,123]]\n'.encode()


@contextmanager
def running(mp3: bytes) -> Iterator[FakeGoogle]:
    """Serve a FakeGoogle answering with `mp3` on a free port until the block ends."""
    fake = FakeGoogle(mp3)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length", 0))
            fake.released.wait(fake.delay)
            if self.path != PATH:
                status, payload = 404, b"not found"
            else:
                status, payload = fake.answer(self.rfile.read(length).decode())
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            with fake.lock:
                fake.answered += 1

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.released.set()
        server.shutdown()
        server.server_close()
