"""`reader serve`: the preview answers like a static host — HEAD, byte ranges, content
types — and never serves anything outside the site folder."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from reader.serve import SiteServer, parse_range, serve_in_background
from tests.conftest import READER, run_reader

try:  # tests as a package, or as loose modules (pytest's default rootdir import)
    from .site_support import make_mp3
except ImportError:
    from site_support import make_mp3  # type: ignore[no-redef]

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("served")
    output = root / "output"
    make_mp3(output / "episodes" / "talk.mp3", seconds=1.0)
    (output / "episodes" / "talk.vtt").write_text("WEBVTT\n", encoding="utf-8")
    (output / "episodes" / "talk.chapters.json").write_text('{"version": "1.2.0"}\n')
    (output / "feed.xml").write_text("<rss version='2.0'><channel/></rss>\n")
    (output / "index.html").write_text("<!doctype html><title>home</title>\n")
    (output / "talk").mkdir()
    (output / "talk" / "index.html").write_text("<!doctype html><title>talk</title>\n")
    (root / "secret.txt").write_text("outside the site\n")
    os.symlink(root / "secret.txt", output / "leak.txt")
    os.symlink(root, output / "parent")
    return output


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[SiteServer]:
    running = serve_in_background(site)
    yield running
    running.shutdown()
    running.server_close()


def raw_get(server: SiteServer, path: str) -> http.client.HTTPResponse:
    """A request whose path is sent exactly as written (requests would normalise '..')."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(str(host), int(port), timeout=5)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_binds_to_loopback_on_a_free_port(server: SiteServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_whole_file_with_content_type_and_accept_ranges(server: SiteServer, site: Path) -> None:
    response = requests.get(server.url + "episodes/talk.mp3", timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "audio/mpeg"
    assert response.headers["Accept-Ranges"] == "bytes"
    assert response.content == (site / "episodes" / "talk.mp3").read_bytes()


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("feed.xml", "application/rss+xml"),
        ("episodes/talk.vtt", "text/vtt"),
        ("episodes/talk.chapters.json", "application/json"),
        ("", "text/html"),
        ("talk/", "text/html"),
    ],
)
def test_content_types(server: SiteServer, path: str, content_type: str) -> None:
    response = requests.get(server.url + path, timeout=5)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == content_type


def test_head_sends_headers_without_body(server: SiteServer, site: Path) -> None:
    response = requests.head(server.url + "episodes/talk.mp3", timeout=5)
    size = (site / "episodes" / "talk.mp3").stat().st_size
    assert response.status_code == 200
    assert response.headers["Content-Length"] == str(size)
    assert response.content == b""


def test_range_request_answers_206_with_exactly_those_bytes(server: SiteServer,
                                                            site: Path) -> None:
    data = (site / "episodes" / "talk.mp3").read_bytes()
    response = requests.get(server.url + "episodes/talk.mp3",
                            headers={"Range": "bytes=100-199"}, timeout=5)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert response.headers["Content-Length"] == "100"
    assert response.content == data[100:200]


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-0", 0, 0), ("bytes=-500", -500, None), ("bytes=1000-", 1000, None)],
)
def test_single_byte_suffix_and_open_ranges(server: SiteServer, site: Path, header: str,
                                            first: int, last: int | None) -> None:
    data = (site / "episodes" / "talk.mp3").read_bytes()
    expected = data[first:] if last is None else data[first:last + 1]
    response = requests.get(server.url + "episodes/talk.mp3", headers={"Range": header},
                            timeout=5)
    assert response.status_code == 206
    assert response.content == expected
    start = len(data) + first if first < 0 else first
    assert response.headers["Content-Range"] == (
        f"bytes {start}-{start + len(expected) - 1}/{len(data)}"
    )


def test_head_with_range(server: SiteServer) -> None:
    response = requests.head(server.url + "episodes/talk.mp3",
                             headers={"Range": "bytes=0-1"}, timeout=5)
    assert response.status_code == 206
    assert response.headers["Content-Length"] == "2"


def test_range_beyond_the_end_is_416(server: SiteServer, site: Path) -> None:
    size = (site / "episodes" / "talk.mp3").stat().st_size
    response = requests.get(server.url + "episodes/talk.mp3",
                            headers={"Range": f"bytes={size}-"}, timeout=5)
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{size}"


def test_parse_range_ignores_what_it_cannot_serve() -> None:
    assert parse_range("bytes=0-1,5-9", 100) is None  # multi-range: send the whole file
    assert parse_range("items=0-1", 100) is None
    assert parse_range("", 100) is None
    assert parse_range("bytes=50-10", 100) is None
    assert parse_range("bytes=90-500", 100) == (90, 99)


@pytest.mark.parametrize(
    "path",
    ["/../secret.txt", "/%2e%2e/secret.txt", "/episodes/../../secret.txt",
     "/%2E%2E%2Fsecret.txt", "/leak.txt", "/parent/secret.txt"],
)
def test_nothing_outside_the_folder_is_served(server: SiteServer, path: str) -> None:
    response = raw_get(server, path)
    assert response.status in (403, 404)


def test_missing_file_is_404_and_folder_without_slash_redirects(server: SiteServer) -> None:
    assert raw_get(server, "/nothing.mp3").status == 404
    response = raw_get(server, "/talk")
    assert response.status == 301
    assert response.getheader("Location") == "/talk/"


def test_reader_serve_command_prints_its_url_and_serves(site: Path) -> None:
    process = subprocess.Popen(
        [*READER, "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        response = requests.head(url.group(0) + "feed.xml", timeout=5)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=5)


def test_reader_serve_without_a_site_exits_2(tmp_path: Path) -> None:
    result = run_reader("serve", tmp_path / "none", "--port", "0")
    assert result.returncode == 2
    assert "not a folder; run `reader build` first" in result.stderr


def test_a_client_hanging_up_mid_download_is_not_an_error(
    server: SiteServer, site: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import socket
    import struct
    import time

    (site / "episodes" / "long.mp3").write_bytes(os.urandom(8 * 1024 * 1024))
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), int(port)), timeout=5) as client:
        client.sendall(b"GET /episodes/long.mp3 HTTP/1.1\r\nHost: x\r\n\r\n")
        client.recv(4096)
        # Close with a reset, as a phone that loses its signal does.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    time.sleep(0.5)

    assert requests.get(server.url + "index.html", timeout=5).status_code == 200
    assert "Traceback" not in capfd.readouterr().err
