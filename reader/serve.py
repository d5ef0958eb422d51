"""`reader serve`: preview a built site on 127.0.0.1 with HEAD and byte ranges.

Podcast apps and browsers fetch enclosures with HEAD and seek with Range requests, so the
preview must answer both as a static host would.

Hand-written on top of http.server's SimpleHTTPRequestHandler rather than rangehttpserver's
handler, because that one treats `bytes=0-0` as the whole file, rejects suffix ranges
(`bytes=-500`) with 400, sends no Content-Range on 416, and follows symlinks out of the folder.
"""

from __future__ import annotations

import http
import io
import os
import posixpath
import re
import sys
import threading
import urllib.parse
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from .content_types import SITE_TYPES
from .errors import UserError
from .layout import FEED_NAME, INDEX_PAGE

# The site's own table, but feed.xml served as `reader serve` always has (no charset).
CONTENT_TYPES = {**SITE_TYPES, ".xml": "application/rss+xml"}
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 64 * 1024


class RangeNotSatisfiable(Exception):
    """The range starts beyond the end of the file: answer 416."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte range of a single-range `Range` header.

    None: ignore the header and send the whole file (absent, malformed or multi-range:
    RFC 9110 lets a server ignore it). Raises RangeNotSatisfiable for a 416.
    """
    match = _RANGE.match(header.strip())
    if not match or match.group(1) == match.group(2) == "":
        return None
    first_text, last_text = match.groups()
    if first_text == "":  # suffix range: the last N bytes
        length = int(last_text)
        if length == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - length), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if first >= size:
        raise RangeNotSatisfiable
    if last < first:
        return None
    return first, min(last, size - 1)


class SiteRequestHandler(SimpleHTTPRequestHandler):
    """Static files from one folder: GET, HEAD, single byte ranges, nothing outside it."""

    server_version = "read-or-listen"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if getattr(self.server, "quiet", False):
            return
        super().log_message(format, *args)

    def _respond(self, *, send_body: bool) -> None:
        target = self._resolve()
        if target is None:
            return
        with open(target, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            try:
                wanted = parse_range(self.headers.get("Range", ""), size)
            except RangeNotSatisfiable:
                self.send_response(http.HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            first, last = wanted or (0, size - 1)
            if wanted is not None:
                self.send_response(http.HTTPStatus.PARTIAL_CONTENT)
                self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
            else:
                self.send_response(http.HTTPStatus.OK)
            self.send_header("Content-Type", self.guess_type(str(target)))
            self.send_header("Content-Length", str(max(0, last - first + 1)))
            self.send_header("Last-Modified", self.date_time_string(int(target.stat().st_mtime)))
            self.end_headers()
            if send_body and size:
                _copy_range(handle, self.wfile, first, last)

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def _resolve(self) -> Path | None:
        """The file the request names, or None after sending 301/403/404."""
        url_path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        parts = url_path.split("/")
        if ".." in parts or "\\" in url_path or "\0" in url_path:
            self.send_error(http.HTTPStatus.FORBIDDEN, "Path leaves the site folder")
            return None
        root = Path(self.directory).resolve()
        target = (root / posixpath.normpath(url_path).lstrip("/")).resolve()
        if target != root and root not in target.parents:  # e.g. a symlink pointing outside
            self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
            return None
        if target.is_dir():
            if not url_path.endswith("/"):
                self.send_response(http.HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", urllib.parse.quote(url_path) + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = target / INDEX_PAGE  # no directory listings
        if not target.is_file():
            self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
            return None
        return target


def _copy_range(source: BinaryIO, sink: io.BufferedIOBase, first: int, last: int) -> None:
    source.seek(first)
    remaining = last - first + 1
    while remaining > 0:
        chunk = source.read(min(_CHUNK, remaining))
        if not chunk:
            break
        sink.write(chunk)
        remaining -= len(chunk)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    quiet = False

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-download (a phone losing signal, a player seeking)
        is normal for audio: no traceback for that. Anything else is still reported."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"


def make_server(folder: Path, *, port: int = 0, host: str = "127.0.0.1",
                quiet: bool = False) -> SiteServer:
    """A server for `folder`, bound but not yet serving (port 0 picks a free port)."""
    if not folder.is_dir():
        raise UserError("not a folder; run `reader build` first", path=folder)
    handler = partial(SiteRequestHandler, directory=str(folder.resolve()))
    try:
        server = SiteServer((host, port), handler)
    except OSError as exc:
        raise UserError(f"cannot listen on {host}:{port} ({exc.strerror}); try --port",
                        path=folder) from exc
    server.quiet = quiet
    return server


def serve_in_background(folder: Path, *, port: int = 0, host: str = "127.0.0.1",
                        quiet: bool = True) -> SiteServer:
    """Start serving in a daemon thread; stop with server.shutdown(); server.server_close()."""
    server = make_server(folder, port=port, host=host, quiet=quiet)
    threading.Thread(target=server.serve_forever, name="reader-serve", daemon=True).start()
    return server


def serve_folder(folder: Path, *, port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve `folder` until interrupted, printing where."""
    with make_server(folder, port=port, host=host) as server:
        print(f"Serving {folder} at {server.url} (feed: {server.url}{FEED_NAME}); Ctrl-C stops",
              flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
