"""Serving the studio: 127.0.0.1 only, a random token per run, a thread per request (a
sentence being spoken does not hold up the page's other requests)."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from ..errors import UserError
from .app import Guard, make_app
from .project import Project

HOST = "127.0.0.1"  # never another address: the studio writes the author's files


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # the address holds the token: keep it out of the terminal's scrollback


@dataclass
class Studio:
    """A studio bound to its port, serving once `serve_forever` (or `start`) runs."""

    server: _Server
    token: str
    project: Project

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        """The address to open: with the token, which every request must carry."""
        return f"http://{HOST}:{self.port}/?token={self.token}"

    def start(self) -> Studio:
        # A short poll: stop() returns at once (tests start and stop a studio many times).
        threading.Thread(target=self.server.serve_forever, args=(0.05,), name="reader-studio",
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def open_studio(articles: Path | None, output: Path, config: Path, *, port: int = 0) -> Studio:
    """The studio over the project, bound to 127.0.0.1:`port` (0: a free one)."""
    project = Project(articles, output, config)
    token = secrets.token_urlsafe(24)
    app = make_app(project)
    try:
        server = make_server(HOST, port, app, server_class=_Server, handler_class=_QuietHandler)
    except OSError as exc:
        raise UserError(f"cannot listen on {HOST}:{port} ({exc.strerror}); try --port") from exc
    server.set_app(Guard(app, token, int(server.server_address[1])))
    return Studio(server, token, project)


def run_studio(articles: Path | None, output: Path, config: Path, *, port: int = 0) -> None:
    """Serve the studio until interrupted, printing its address (with the token)."""
    studio = open_studio(articles, output, config, port=port)
    print(f"Studio: {studio.url}", flush=True)
    try:
        studio.server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        studio.server.server_close()
