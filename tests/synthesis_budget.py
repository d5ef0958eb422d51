"""The test suite's real-voice budget: a whole `make test` may make at most BUDGET seconds of
audio with each real voice, on a cold cache, whatever the CPU (seconds of audio, not of wall
time: Kokoro costs about real time on an ordinary two-core machine).

Every real engine notes the seconds it synthesised in the folder $READER_SYNTHESIS_LOG names
(reader.speech.engines.base.note_synthesis), one file per process, so `reader` subprocesses,
process pools and Dask workers started by a test are counted too. This plugin points that
variable at one folder per test (its setup, call and teardown, so a shared fixture counts
where it is first built) under one folder per run, which pytest-xdist's controller hands
to its workers; the controller sums the folder at the end, prints what the run used and
fails the run when a voice went over.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.speech.engines.base import SYNTHESIS_LOG_ENV

# Seconds of audio one cold-cache run may synthesise, per real engine (issue 29).
BUDGET = {"kokoro": 60.0, "piper": 120.0}
SHOWN = 8  # the tests that spoke most, listed under the totals
_WORKER_KEY = "reader_synthesis_log"
_ROOT = pytest.StashKey[Path]()
_REPORT = pytest.StashKey[tuple[list[str], bool]]()  # the lines to print, and whether over
_OUTSIDE = "outside-any-test"  # collection, session start and end


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:  # a pytest-xdist worker: the controller's folder
        root = Path(workerinput[_WORKER_KEY])
    else:
        root = Path(tempfile.mkdtemp(prefix="reader-synthesis-"))
    config.stash[_ROOT] = root
    os.environ[SYNTHESIS_LOG_ENV] = str(root / _OUTSIDE)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist, on the controller: each worker notes into the controller's folder."""
    node.workerinput[_WORKER_KEY] = str(node.config.stash[_ROOT])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    root = item.config.stash[_ROOT]
    os.environ[SYNTHESIS_LOG_ENV] = str(root / re.sub(r"[^\w.\[\]-]+", "_", item.nodeid)[:200])
    try:
        return (yield)
    finally:
        os.environ[SYNTHESIS_LOG_ENV] = str(root / _OUTSIDE)


def spoken(root: Path) -> dict[str, dict[str, float]]:
    """Seconds of audio per test folder and engine, from every process's notes."""
    seconds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for notes in root.glob("*/*.tsv"):
        for line in notes.read_text(encoding="utf-8").splitlines():
            engine, _, length = line.partition("\t")
            seconds[notes.parent.name][engine] += float(length)
    return seconds


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workerinput"):
        return  # the controller counts
    root = config.stash[_ROOT]
    per_test = spoken(root)
    shutil.rmtree(root, ignore_errors=True)
    if config.option.collectonly:
        return  # a collection (make bytecode) speaks nothing: nothing to report
    totals = {engine: sum(t.get(engine, 0.0) for t in per_test.values()) for engine in BUDGET}
    over = [engine for engine, limit in BUDGET.items() if totals[engine] > limit]
    used = ", ".join(f"{engine.capitalize()} {totals[engine]:.0f} s" for engine in BUDGET)
    limits = ", ".join(f"{limit:.0f} s" for limit in BUDGET.values())
    lines = [f"real synthesis: {used} of audio (budget {limits})"]
    most = sorted(per_test.items(), key=lambda item: -sum(item[1].values()))[:SHOWN]
    lines += [
        f"    {sum(by_engine.values()):6.1f} s  {test}  "
        + ", ".join(f"{e} {s:.1f}" for e, s in sorted(by_engine.items()))
        for test, by_engine in most
    ]
    if over:
        lines.append(f"real synthesis over its budget: {', '.join(over)}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    config.stash[_REPORT] = (lines, bool(over))


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    lines, over = config.stash.get(_REPORT, ([], False))
    for line in lines:
        terminalreporter.write_line(line, red=over, bold=over)
