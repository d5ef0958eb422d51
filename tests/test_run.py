"""Where the work runs: `reader build --jobs N` (a local pool) and `--cluster` (Dask).

Same episodes as a serial build, checked two ways. With the test engine (tones: the same
text always gives the same samples) a parallel build and a serial build, each from an
empty cache, must write the same durations, chapters, cues and transcripts. With Piper,
which speaks a sentence a little differently each time (its model samples noise), a
serial build made afterwards from the clips the parallel one left in the cache must speak
nothing and write the same files: assembling in parallel changed nothing.

The kill tests SIGKILL a real worker process mid-build (Piper, so that it is mid-clip);
the build must still finish a site that `reader check` accepts, and the next build must
speak nothing at all.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from reader.config import RunChoice, load_config
from reader.errors import ConfigError
from reader.run import POOL_MIN_CLIPS, runner_name
from reader.run.base import cores, threads_per_worker
from reader.speech.engines.tones import PACE_ENV

from .conftest import READER, run_reader, write_article, write_config
from .e2e_support import stop_process

ARTICLE = """\
    {name} opens with a short line.

    ## Middle

    {name} has a middle part. It holds two sentences.

    ## End

    The end of {name} is near. This is it.
"""

SIDECARS = (".vtt", ".chapters.json", ".txt")
# The tests that kill a worker mid-synthesis need synthesis that takes time: the test engine
# paced about as Piper runs on two ordinary cores (0.12 s per second of audio), so they cost
# none of the real-voice budget (tests/synthesis_budget.py).
PACED = {PACE_ENV: "0.12"}


def make_site(tmp_path: Path, names: list[str], *, engine: str = "tones"
              ) -> dict[str, Path]:
    articles = tmp_path / "articles"
    for day, name in enumerate(names, start=1):
        write_article(articles, f"{name}.md", ARTICLE.format(name=name.title()),
                      title=name.title(), date=f"2026-06-{day:02d}")
    return {"articles": articles, "output": tmp_path / "output",
            "config": write_config(tmp_path, engine=engine), "cache": tmp_path / "cache"}


def build_args(site: dict[str, Path], *options: str, output: Path | None = None) -> list[str]:
    return ["build", str(site["articles"]), "-o", str(output or site["output"]),
            "--config", str(site["config"]), *options]


def build_cmd(site: dict[str, Path], *options: str) -> list[str]:
    """The build as its own process, to kill or to leave running beside a cluster."""
    return [*READER, *build_args(site, *options)]


def run_build(site: dict[str, Path], *options: str,
              output: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_reader(*build_args(site, *options, output=output))


def records(output: Path) -> dict[str, dict[str, object]]:
    manifest = json.loads((output / ".manifest.json").read_text(encoding="utf-8"))
    return {entry["source"]: entry["record"] for entry in manifest["entries"]}


def assert_same_episodes(parallel: Path, serial: Path) -> None:
    """Same episodes: durations, chapters, and cues and transcripts file for file (the
    audio files are named by their content, so each site's own names are followed)."""
    ours, theirs = records(parallel), records(serial)
    assert ours.keys() == theirs.keys()
    for source, record in ours.items():
        other = theirs[source]
        for key in ("duration_ms", "chapters", "slug"):
            assert record[key] == other[key], (source, key)
        mine = str(record["audio_file"]).removesuffix(".mp3")
        their = str(other["audio_file"]).removesuffix(".mp3")
        for suffix in SIDECARS:
            assert (parallel / f"{mine}{suffix}").read_bytes() == (
                serial / f"{their}{suffix}"
            ).read_bytes(), (source, suffix)


def serial_rebuild_matches(site: dict[str, Path], tmp_path: Path) -> None:
    """A serial build from the clips the parallel one left speaks nothing and matches it."""
    serial = tmp_path / "serial-output"
    result = run_build(site, "--jobs", "1", output=serial)
    assert result.returncode == 0, result.stderr
    assert "(0 pieces synthesised)" in result.stderr
    assert_same_episodes(site["output"], serial)


def serial_build_from_scratch_matches(site: dict[str, Path], tmp_path: Path) -> None:
    """A serial build with its own empty cache (the test engine is deterministic)."""
    alone = tmp_path / "alone"
    alone.mkdir()
    serial = {**site, "config": write_config(alone)}
    result = run_build(serial, "--jobs", "1", output=alone / "output")
    assert result.returncode == 0, result.stderr
    assert "(0 pieces synthesised)" not in result.stderr
    assert_same_episodes(site["output"], alone / "output")


def check(output: Path) -> None:
    result = run_reader("check", output)
    assert result.returncode == 0, result.stdout + result.stderr


def clips_in(cache: Path) -> int:
    return sum(1 for _ in (cache / "clips").glob("*/*.wav"))


def spawned_workers(parent: psutil.Process) -> list[psutil.Process]:
    """multiprocessing's spawned workers under `parent` (not its resource tracker)."""
    found = []
    for child in parent.children(recursive=True):
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def kill_a_worker_when(parent: psutil.Process, cache: Path, clips: int,
                       build: subprocess.Popen[str]) -> int:
    """SIGKILL one worker once `cache` holds `clips` clips; returns the killed pid."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert build.poll() is None, "the build finished before a worker could be killed"
        workers = spawned_workers(parent)
        if workers and clips_in(cache) >= clips:
            victim = workers[0]
            victim.send_signal(signal.SIGKILL)
            return victim.pid
        time.sleep(0.02)
    raise AssertionError("no worker made a clip in time")


# -- choosing where the work runs ------------------------------------------------------


def test_the_default_uses_a_pool_of_one_worker_per_core_only_for_real_work() -> None:
    default = RunChoice()
    if cores() > 1:
        assert runner_name(default, POOL_MIN_CLIPS) == "pool"
    assert runner_name(default, POOL_MIN_CLIPS - 1) == "inline"  # a few sentences: no pool
    assert runner_name(RunChoice(jobs=2), 1) == "pool"  # asked for: always
    assert runner_name(RunChoice(jobs=1), 10_000) == "inline"
    assert runner_name(RunChoice(cluster="tcp://127.0.0.1:8786"), 0) == "dask"


def test_workers_times_threads_fit_the_cores() -> None:
    for workers in (1, 2, 3, 64):
        threads = threads_per_worker(workers)
        assert threads >= 1
        assert workers * threads <= max(cores(), workers)


def test_build_table_in_reader_toml(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, extra='\n[build]\njobs = 3\n'
                                      'cluster = "tcp://10.0.0.5:8786"\n'))
    assert config.run == RunChoice(jobs=3, cluster="tcp://10.0.0.5:8786")
    for bad in ("jobs = 0", 'jobs = "four"', "jobs = true", "cluster = 8786", 'cluster = " "'):
        path = write_config(tmp_path, extra=f"\n[build]\n{bad}\n")
        with pytest.raises(ConfigError, match=r"\[build\]"):
            load_config(path)


def test_jobs_and_cluster_together_are_one_line_and_status_2(tmp_path: Path) -> None:
    site = make_site(tmp_path, ["alone"])
    result = run_build(site, "--jobs", "2", "--cluster", "tcp://127.0.0.1:1")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--jobs or --cluster" in result.stderr


def test_cluster_without_dask_says_how_to_install_it(tmp_path: Path) -> None:
    site = make_site(tmp_path, ["nodask"])
    # The interpreter as it would be without the extra: importing distributed fails.
    code = ("import sys; sys.modules['distributed'] = None; from reader.cli import main; "
            f"sys.argv = {['reader', *build_args(site, '--cluster', 'tcp://127.0.0.1:1')]!r}; "
            "main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "pip install 'read-or-listen[cluster]'" in result.stderr
    assert not site["output"].joinpath("feed.xml").exists()


def test_an_unreachable_scheduler_is_one_line_and_status_2(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    site = make_site(tmp_path, ["nobody"])
    # Dask's own setting, which it reads when imported: a process of its own
    quick = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    result = subprocess.run(
        build_cmd(site, "--cluster", f"tcp://127.0.0.1:{free_port()}"), capture_output=True,
        text=True, timeout=300, env=quick,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "cannot reach the Dask scheduler" in lines[0]
    assert "dask scheduler" in lines[0]


# -- a local pool: --jobs -------------------------------------------------------------


def test_a_killed_pool_worker_costs_only_its_unfinished_clips(tmp_path: Path) -> None:
    """With synthesis that takes time (PACED), two workers, one of them killed: the same
    episodes as a serial build from the same clips, and as a serial build from scratch
    (the test engine is deterministic), which a pool without a kill must give too."""
    site = make_site(tmp_path, ["cedar", "dogwood", "elm"])
    build = subprocess.Popen(build_cmd(site, "--jobs", "2"), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, **PACED})
    kill_a_worker_when(psutil.Process(build.pid), site["cache"], 2, build)
    _, stderr = build.communicate(timeout=600)
    assert build.returncode == 0, stderr
    lost = [line for line in stderr.splitlines() if "worker stopped" in line]
    assert len(lost) == 1 and "unfinished clips go to new workers" in lost[0]
    assert "built 3" in stderr
    check(site["output"])
    again = run_build(site, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert "unchanged 3" in again.stderr and "(0 pieces synthesised)" in again.stderr
    serial_rebuild_matches(site, tmp_path)
    serial_build_from_scratch_matches(site, tmp_path)


# -- a Dask cluster: --cluster ---------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """The two-command recipe of docs/scaling.md, on 127.0.0.1: `dask scheduler` and
    `dask worker` (two single-threaded worker processes) with their own clip cache."""
    pytest.importorskip("distributed")
    folder = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, "READER_CACHE_DIR": str(folder / "worker-cache"), **PACED}
    dask = str(Path(sys.executable).with_name("dask"))  # Dask's own CLI, as users run it
    logs = [open(folder / name, "w") for name in ("scheduler.log", "worker.log")]  # noqa: SIM115
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
         "--no-dashboard"],
        env=env, stdout=logs[0], stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [dask, "worker", address, "--host", "127.0.0.1", "--nworkers", "2", "--nthreads", "1",
         "--no-dashboard"],
        env=env, stdout=logs[1], stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield {"address": address, "worker": worker, "worker_cache": folder / "worker-cache"}
    finally:
        for process in (worker, scheduler):
            stop_process(process, timeout=30)
        for log in logs:
            log.close()


def test_a_killed_dask_worker_has_its_tasks_rerun_elsewhere(
    tmp_path: Path, cluster: dict[str, object]
) -> None:
    """The workers' synthesis takes time (PACED): the build finishes on the other worker,
    with the same episodes as a serial build from scratch (the test engine is
    deterministic), and the clips came back: this machine's cache is filled, so a serial
    build speaks nothing and writes the same files."""
    site = make_site(tmp_path, ["hazel", "ivy", "juniper"])
    build = subprocess.Popen(build_cmd(site, "--cluster", str(cluster["address"])),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    worker = psutil.Process(cluster["worker"].pid)  # type: ignore[attr-defined]
    before = clips_in(Path(str(cluster["worker_cache"])))
    kill_a_worker_when(worker, Path(str(cluster["worker_cache"])), before + 2, build)
    _, stderr = build.communicate(timeout=600)
    assert build.returncode == 0, stderr
    assert "built 3" in stderr and "failed 0" in stderr
    check(site["output"])
    serial_build_from_scratch_matches(site, tmp_path)
    serial_rebuild_matches(site, tmp_path)
