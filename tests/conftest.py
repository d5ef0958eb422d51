"""Shared test set-up: an isolated clip cache, and small helpers to write articles and config."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

# Fixtures shared by several test modules, kept beside their helpers.
pytest_plugins = [
    "tests.voice_episode", "tests.publish_support", "tests.synthesis_budget", "tests.ordering",
]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
# The `reader` command as the tests run it: this interpreter, so this checkout's code.
READER = (sys.executable, "-m", "reader")


def run_reader(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    check: bool = False,
) -> subprocess.CompletedProcess[str]:
    """`reader ARGS` as a process would run it (its own arguments, working folder,
    environment, output streams and exit status) but by `reader.cli.main` in this process.

    A `reader` process costs 0.3-0.5 CPU seconds before its work (the interpreter, and
    importing the stages it calls), which this process has already paid (CONTRIBUTING gives
    what it saved). Run `[*READER, ...]` in a subprocess where the process itself is the
    point: a kill, no network, a package path, a server, a setting read at import (Dask's),
    logging set up once per process (--verbose). Whatever else this process writes to
    stdout or stderr meanwhile (a test's own server logging requests) is captured too."""
    from reader.cli import main

    argv = ["reader", *map(str, args)]
    stdout, stderr = io.StringIO(), io.StringIO()
    saved_env, code = dict(os.environ), 0
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        with (
            contextlib.chdir(cwd or Path.cwd()),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            sys.argv, saved_argv = argv, sys.argv
            try:
                main()
            except SystemExit as exit_:
                code = _exit_status(exit_, stderr)
            finally:
                sys.argv = saved_argv
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
    assert code == 0 or not check, f"{' '.join(argv)}: exit status {code}\n{stderr.getvalue()}"
    return subprocess.CompletedProcess(argv, code, stdout.getvalue(), stderr.getvalue())


def _exit_status(exit_: SystemExit, stderr: io.StringIO) -> int:
    """The status a process ends with on `exit_` (what the interpreter does with its code)."""
    if exit_.code is None or isinstance(exit_.code, int):
        return exit_.code or 0
    print(exit_.code, file=stderr)
    return 1


# The test engine (reader/speech/engines/tones.py) stands in for Piper where the sound does
# not matter; set for the whole session so `reader` subprocesses accept it too.
os.environ["READER_TEST_ENGINES"] = "1"


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist (`make test`: a worker per core), a real voice spoken in a worker
    uses one thread, as each process of a build's pool does. With a thread per core while
    the other worker is busy too, onnxruntime's threads spin waiting for a core: measured
    on two cores with one of them busy, Kokoro took 0.92 CPU seconds per second of audio
    with two threads against 0.64 with one, and was slower."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        from reader.speech.engines.kokoro import KokoroEngine
        from reader.speech.engines.piper import PiperEngine

        for engine in (KokoroEngine, PiperEngine):
            engine.use_threads(1)


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Clips made by tests go to a per-session folder, never the user's cache."""
    cache = tmp_path_factory.mktemp("clip-cache")
    old = {k: os.environ.get(k) for k in ("READER_CACHE_DIR", "XDG_CACHE_HOME")}
    os.environ["READER_CACHE_DIR"] = str(cache)
    os.environ["XDG_CACHE_HOME"] = str(cache / "xdg")
    yield cache
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


PODCAST_TOML = """\
[podcast]
title = "{title}"
description = "A test podcast."
author = "Test Author"
email = "test@example.com"
base_url = "{base_url}"
language = "en"
category = "Education"

[cache]
dir = "{cache}"
"""


def write_config(
    folder: Path,
    *,
    title: str = "Test Cast",
    base_url: str = "https://example.com/listen/",
    cache: Path | None = None,
    extra: str = "",
    engine: str = "tones",
) -> Path:
    """Write reader.toml into `folder` (with its own clip cache unless one is given).

    Spoken by the test engine `tones` unless a test says otherwise: engine="piper" where the
    voice itself is the point (or synthesis must take real time)."""
    path = folder / "reader.toml"
    cache_dir = cache or folder / "cache"
    voice = f'\n[voice]\nengine = "{engine}"\n'
    path.write_text(
        PODCAST_TOML.format(title=title, base_url=base_url, cache=cache_dir.as_posix())
        + voice
        + extra,
        encoding="utf-8",
    )
    return path


def write_article(folder: Path, name: str, body: str, **front: str) -> Path:
    """Write a Markdown article with front matter; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["---", *(f"{k}: {v}" for k, v in front.items()), "---", ""]
    path = folder / name
    path.write_text("\n".join(lines) + textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


def episode_file(output: Path, slug: str, suffix: str = ".mp3") -> Path:
    """The published file of `slug`'s episode: episodes/<slug>-<hash8><suffix> (named by
    its content). Fails unless there is exactly one."""
    found = [
        p
        for p in (output / "episodes").glob(f"{slug}-*{suffix}")
        if re.fullmatch(rf"{re.escape(slug)}-[0-9a-f]{{8}}{re.escape(suffix)}", p.name)
    ]
    assert len(found) == 1, f"{slug}{suffix}: {[p.name for p in found]}"
    return found[0]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session, shared by every browser test module (a
    second Playwright in one process refuses to start): Debian's, never a downloaded build."""
    from playwright.sync_api import sync_playwright

    try:  # tests as a package, or as loose modules
        from .e2e_support import CHROMIUM, CHROMIUM_ARGS
    except ImportError:
        from e2e_support import CHROMIUM, CHROMIUM_ARGS  # type: ignore[no-redef]

    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/ensure-test-tools` (make test does)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
