"""Shared set-up for the end-to-end tests: one small site, built once, served by `reader serve`.

Both tests/test_e2e_client.py (podcast apps) and tests/test_e2e_browser.py (a real browser)
use the session fixture `served_site`. It writes two tiny articles, runs `reader build` and
`reader serve` as subprocesses -- exactly what a user types -- on a free port of 127.0.0.1,
and stops the server at the end of the session.

The feed's `base_url` is the local server's own address, so every URL in the feed and the
pages points at 127.0.0.1 and a client can follow them as it would on the real host.
"""

from __future__ import annotations

import socket
import subprocess
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from tests.conftest import READER, REPO, run_reader
from tests.voice_episode import run_folder

ARTIFACTS = REPO / "tests" / "artifacts"
# The browser tests drive Debian's Chromium (the `browser` fixture, tests/conftest.py) in
# its headless shell, the build Playwright itself runs headless: the same Blink without the
# browser's UI. The full browser in headless mode kept an idle page drawing (0.16-0.26 of a core):
# the 24 browser tests cost 59 CPU seconds in all with it, 29 with the shell (Intel Xeon,
# 2 cores, 2026-12-08). A machine with only the full browser still runs them, with that.
CHROMIUM = next(
    (path for path in (Path("/usr/bin/chromium-headless-shell"), Path("/usr/bin/chromium"))
     if path.is_file()),
    Path("/usr/bin/chromium-headless-shell"),
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class SampleArticle:
    """An article of the sample site, with what a listener or reader should find of it."""

    file: str
    slug: str
    title: str
    date: str
    body: str
    opening_sentence: str  # shown on the page, and spoken first


SAMPLE_ARTICLES = (
    SampleArticle(
        file="2026-03-02-morning-pages.md",
        slug="morning-pages",
        title="Morning Pages",
        date="2026-03-02",
        opening_sentence="Some people write three pages every morning.",
        body="""\
            Some people write three pages every morning. They say it clears the head.

            ## What to write

            Anything at all. The pages are never read again.

            ## Why it works

            Writing slows the mind down. A slow mind notices more.
            """,
    ),
    SampleArticle(
        file="2026-02-14-walking-to-think.md",
        slug="walking-to-think",
        title="Walking to Think",
        date="2026-02-14",
        opening_sentence="A short walk can untangle a long problem.",
        body="""\
            A short walk can untangle a long problem. Many writers walked every day.

            ## Leave the phone

            The walk works best without a screen. Let the mind wander.

            ## Come back and write

            Write the idea down before it fades.
            """,
    ),
    # The read-along's test piece: numbers the voice reads out, a sentence long enough to be
    # cut in pieces, and what the page shows but the voice skips (code, a table, no-audio).
    SampleArticle(
        file="2026-01-20-quiet-keyboards.md",
        slug="quiet-keyboards",
        title="Quiet Keyboards",
        date="2026-01-20",
        opening_sentence="My quiet keyboard cost $1,250 in 2019.",
        body="""\
            My quiet keyboard cost $1,250 in 2019. It was worth it.

            ## What makes it quiet

            The quietest boards we tried had three things in common, which surprised us
            because none of the makers advertise them, namely a gasket-mounted plate, a thick
            layer of foam under the switches, and keycaps made of a dense plastic that does not
            ring when struck.

            ```text
            make quiet
            ```

            | Switch | Noise |
            |--------|-------|
            | Linear | 52 dB |

            <!-- no-audio -->
            Only readers of the page see this line.
            <!-- /no-audio -->

            Try one for a week.
            """,
    ),
)

CONFIG = """\
[podcast]
title = "End to End Cast"
description = "Two tiny articles, built and served for the end-to-end tests."
author = "E2E Author"
email = "e2e@example.com"
base_url = "{base_url}"
language = "en"
category = "Education"

[cache]
dir = "{cache}"

# What these tests check (the feed, downloads, pages, the read-along's cues) does not depend
# on the voice: the test engine speaks (tests/test_listening.py hears the real ones).
[voice]
engine = "tones"
"""


@dataclass(frozen=True)
class ServedSite:
    """A built site and the address `reader serve` answers on."""

    folder: Path
    base_url: str  # ends with "/"
    articles: tuple[SampleArticle, ...] = SAMPLE_ARTICLES

    @property
    def feed_url(self) -> str:
        return self.base_url + "feed.xml"

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")


@contextmanager
def reserved_port() -> Iterator[int]:
    """A free port of 127.0.0.1, kept bound (not listening) until the block ends.

    The site is built for its address before the server starts, so the port must stay ours
    meanwhile: a bound socket keeps the kernel from handing it out, and SO_REUSEADDR on both
    sockets still lets `reader serve` (which sets it too) bind it before we let go.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", 0))
        yield int(holder.getsockname()[1])


def write_sample_articles(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for article in SAMPLE_ARTICLES:
        front = f"---\ntitle: {article.title}\ndate: {article.date}\nslug: {article.slug}\n---\n\n"
        (folder / article.file).write_text(
            front + textwrap.dedent(article.body), encoding="utf-8"
        )


def build_sample_site(workdir: Path, base_url: str, cache: Path) -> Path:
    """Run `reader build articles -o output` in `workdir`; return the output folder."""
    write_sample_articles(workdir / "articles")
    (workdir / "reader.toml").write_text(
        CONFIG.format(base_url=base_url, cache=cache.as_posix()), encoding="utf-8"
    )
    run_reader("build", "articles", "-o", "output", cwd=workdir, check=True)
    return workdir / "output"


def wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path,
                         timeout: float = 20, *, name: str = "`reader serve`") -> None:
    """Poll `url` until the server `process` answers 200; fail with its log if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(errors="replace")
            pytest.fail(f"{name} exited with status {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    pytest.fail(f"{name} did not answer {url} within {timeout} s")


def stop_process(process: subprocess.Popen[Any], timeout: float = 5) -> None:
    """Ask a server process to stop; kill it if it has not within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def reader_serve(folder: Path, port: int) -> Iterator[str]:
    """Run `reader serve FOLDER --port PORT` until the block ends; yield its base URL."""
    # The access log goes to a file: a pipe nobody reads would fill up and stall the server.
    log_path = folder.parent / "serve.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [*READER, "serve", str(folder), "--port", str(port),
             "--host", "127.0.0.1"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_answering(base_url + "feed.xml", process, log_path)
        yield base_url
    finally:
        stop_process(process)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedSite]:
    """The sample site, built once per test process and served on a free port of 127.0.0.1.

    Under pytest-xdist each worker builds its own copy (the feed's URLs name the worker's own
    port), but the workers share one clip cache behind a lock, so the voice speaks each
    sentence once per run and the second build only assembles and encodes. (`--dist
    loadgroup` could keep them on one worker, but pytest-xdist 3.8 no longer groups under
    pytest 9.2: pytest-dev/pytest-xdist#1386.)
    """
    shared = run_folder(tmp_path_factory)
    workdir = tmp_path_factory.mktemp("e2e-site")
    with ExitStack() as running:
        with reserved_port() as port:
            with FileLock(str(shared / "e2e-clip-cache.lock")):
                folder = build_sample_site(
                    workdir, f"http://127.0.0.1:{port}/", shared / "e2e-clips"
                )
            base_url = running.enter_context(reader_serve(folder, port))
        yield ServedSite(folder=folder, base_url=base_url)


def record_every_mark(page: Any) -> None:
    """Keep every element the page ever marks aria-current in `window.__marked`, so a wrong
    mark between two looks of a test is caught too (the listening pages and the embed)."""
    page.evaluate(
        """() => {
            window.__marked = [];
            new MutationObserver(records => records.forEach(r => {
                if (r.target.getAttribute('aria-current') === 'true') {
                    window.__marked.push(r.target);
                }
            })).observe(document.body, {subtree: true, attributeFilter: ['aria-current']});
        }"""
    )
