"""Benchmark 8: a back catalogue on every core and on a Dask cluster.

The same 20 generated articles, built cold (fresh clip cache, fresh output) as
`python -m reader build`: serially (`--jobs 1`: one process, onnxruntime on every core),
with `--jobs 2..cores` (a pool of single-threaded worker processes), and with `--cluster` on
a local Dask cluster (`distributed.LocalCluster(processes=True)`, one single-threaded worker
per core, each with its own fresh clip cache; starting the cluster is not timed, as users
start theirs once). Each mode's figure is audio seconds per wall second (the episodes'
durations over the build's wall time). The client's CPU (user + system of the `reader`
process and everything it waited for, from wait4) during the cluster build is compared with
the serial build's CPU: that share is the serial part of an Amdahl projection to N machines.

Before the builds, raw PiperVoice on the articles' first 60 pieces in 1 or 2 processes of 1
or 2 onnxruntime threads (each process loads its voice before the clock starts): what the
pool's shape (single-threaded workers) rests on, and the one-core baseline of the per-core
efficiency (throughput / (workers x one single-threaded process's throughput)).
Modes run in ABBA-like order across runs so a shared machine's drift spreads over all.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .common import Figure, log, run_in_processes, spoken_pieces, workspace, write_config
from .generator import write_articles

ARTICLES = 20
WORDS = 120  # about 45 s of audio each: 20 articles make ~15 minutes of audio per mode
RAW_PIECES = 60
CLIENT_SHARE_TARGET = 5.0  # per cent of the serial build's CPU


def _cores() -> int:
    from reader.run.base import cores

    return cores()


# -- raw Piper: processes x threads ----------------------------------------------------


def _raw_worker(threads: int, texts: list[str], barrier: Any, out: Any) -> None:
    from reader.speech.engines.piper import PiperEngine

    PiperEngine.use_threads(threads)
    engine = PiperEngine()
    engine.synthesize("Warm up.")  # loads the voice before the clock starts
    barrier.wait()
    start = time.perf_counter()
    samples = sum(len(engine.synthesize(text).samples) for text in texts)
    out.put((time.perf_counter() - start, samples / engine.sample_rate))


def raw_throughput(processes: int, threads: int, texts: list[str]) -> float:
    """Audio seconds per wall second of `processes` PiperVoice processes, `threads` each."""
    wall, audio = run_in_processes(_raw_worker, processes, threads, texts)
    return audio / wall


# -- builds ----------------------------------------------------------------------------


def _build(articles: Path, folder: Path, options: list[str], env: dict[str, str]) -> dict[str, Any]:
    """One cold `python -m reader build`; wall seconds, CPU seconds (wait4), audio seconds."""
    cache = folder / "cache"
    config = write_config(folder, cache)
    output = folder / "output"
    command = [sys.executable, "-m", "reader", "build", str(articles), "-o", str(output),
               "--config", str(config), *options]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,  # noqa: S603
                               env=env)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"benchmark build failed: {stderr[-2000:]}")
    manifest = json.loads((output / ".manifest.json").read_text(encoding="utf-8"))
    audio = sum(e["record"]["duration_ms"] for e in manifest["entries"]) / 1000
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "audio": audio,
            "summary": stderr.strip().splitlines()[-1]}


class _Cluster:
    """A local Dask cluster of single-threaded worker processes, one per core, whose clip
    caches start empty (READER_CACHE_DIR is read by each worker process)."""

    def __init__(self, workers: int, cache: Path) -> None:
        from distributed import LocalCluster

        old = os.environ.get("READER_CACHE_DIR")
        os.environ["READER_CACHE_DIR"] = str(cache)
        try:
            self.cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=None,
            )  # fmt: skip
        finally:
            if old is None:
                os.environ.pop("READER_CACHE_DIR", None)
            else:
                os.environ["READER_CACHE_DIR"] = old
        self.address = self.cluster.scheduler_address

    def close(self) -> None:
        self.cluster.close()


def _modes(cores: int) -> list[str]:
    return ["serial", *[f"jobs-{n}" for n in range(2, cores + 1)], "dask"]


def run(runs: int = 3) -> list[Figure]:
    cores = _cores()
    modes = _modes(cores)
    results: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    raw: dict[str, list[float]] = {}
    load_start = os.getloadavg()[0]
    with workspace("parallel") as folder:
        articles = folder / "articles"
        generated = write_articles(articles, ARTICLES, words=WORDS, first_seed=700)
        pieces = [p for a in sorted(articles.glob("*.md")) for p in spoken_pieces(a)]
        texts = pieces[:RAW_PIECES]
        shapes = [(1, 1), (1, 2), (2, 1), (2, 2)] if cores >= 2 else [(1, 1)]
        for run_index in range(runs):
            for processes, threads in shapes if run_index % 2 == 0 else shapes[::-1]:
                value = raw_throughput(processes, threads, texts)
                raw.setdefault(f"{processes}x{threads}", []).append(value)
                log(f"  raw Piper {processes} process(es) x {threads} thread(s): "
                    f"{value:.1f} s of audio per s")
        env = {**os.environ}
        env.pop("READER_CACHE_DIR", None)
        for run_index in range(runs):
            order = modes if run_index % 2 == 0 else modes[::-1]
            for mode in order:
                where = folder / f"{mode}-{run_index}"
                where.mkdir()
                if mode == "dask":
                    cluster = _Cluster(cores, where / "worker-cache")
                    try:
                        result = _build(articles, where, ["--cluster", cluster.address], env)
                    finally:
                        cluster.close()
                else:
                    jobs = "1" if mode == "serial" else mode.split("-")[1]
                    result = _build(articles, where, ["--jobs", jobs], env)
                results[mode].append(result)
                log(f"  {mode}: {result['audio'] / result['wall']:.1f} s of audio per s "
                    f"({result['wall']:.1f} s wall, {result['cpu']:.1f} s CPU of the reader "
                    f"process) - {result['summary']}")
    load = [load_start, os.getloadavg()[0]]
    return _figures(results, raw, cores, sum(a.words for a in generated), load)


def _figures(results: dict[str, list[dict[str, Any]]], raw: dict[str, list[float]],
             cores: int, words: int, load: list[float]) -> list[Figure]:
    one_core = statistics.median(raw["1x1"])
    serial_cpu = statistics.median(r["cpu"] for r in results["serial"])
    detail: dict[str, Any] = {
        "articles": ARTICLES, "words": words, "cores": cores,
        "raw_piper_audio_s_per_s": raw,
        "builds": results,
        "load_1min_start_end": load,
    }
    figures = [
        Figure(
            key=f"raw_piper_{shape}", title=f"8. Raw Piper, {shape.replace('x', ' process(es) x ')}"
            " thread(s): audio s per wall s", unit="x", runs=values,
            how="PiperVoice on 60 pieces; voice loaded before the clock starts; higher is better",
        )  # fmt: skip
        for shape, values in raw.items()
    ]
    for mode, runs in results.items():
        throughput = [r["audio"] / r["wall"] for r in runs]
        workers = 1 if mode == "serial" else cores if mode == "dask" else int(mode.split("-")[1])
        label = {"serial": "serial (--jobs 1)", "dask": f"local Dask cluster, {cores} workers x 1 "
                 "thread"}.get(mode, f"--jobs {workers}")
        figures.append(Figure(
            key=f"throughput_{mode}", title=f"8. {ARTICLES} articles cold, {label}: audio s per "
            "wall s", unit="x", runs=throughput,
            how="subprocess `python -m reader build`, fresh caches; higher is better",
            detail={"workers": workers,
                    "per_core_efficiency": [t / (cores * one_core) for t in throughput]},
        ))  # fmt: skip
    share = [100 * r["cpu"] / serial_cpu for r in results["dask"]]
    figures.append(Figure(
        key="cluster_client_cpu_share", title="8. Client CPU in a cluster build / serial build CPU",
        unit="%", runs=share, target=CLIENT_SHARE_TARGET,
        how="user+system CPU of the `reader` process (wait4) / the serial build's", detail=detail,
    ))  # fmt: skip
    return figures


def report_section(figures: list[Figure]) -> str:
    """docs/benchmarks.md: per-core efficiency, and what N machines would give (Amdahl, the
    client's CPU share as the serial part)."""
    by_key = {f.key: f for f in figures}
    share_figure = by_key.get("cluster_client_cpu_share")
    if share_figure is None:
        return ""
    cores = int(share_figure.detail.get("cores", 1))
    one_core = statistics.median(share_figure.detail["raw_piper_audio_s_per_s"]["1x1"])
    lines = [
        "## A back catalogue: cores and machines (benchmark 8)",
        "",
        "| mode | audio s per wall s | speed-up over serial | per-core efficiency |",
        "|---|---|---|---|",
    ]
    serial = by_key["throughput_serial"].median
    for figure in figures:
        if not figure.key.startswith("throughput_"):
            continue
        efficiency = figure.median / (cores * one_core)
        lines.append(f"| {figure.title.split(', ', 1)[1].split(':')[0]} | {figure.median:.1f} | "
                     f"{figure.median / serial:.2f} | {100 * efficiency:.0f} % |")
    pools = [f.median for k, f in by_key.items() if k.startswith("throughput_jobs-")]
    dask = by_key.get("throughput_dask")
    if dask is not None and pools and dask.median < max(pools):
        lines += ["", "On one machine the Dask cluster is slower than the local pool: it adds a "
                  "scheduler and nannies, copies every clip over TCP (to the episode's worker "
                  "and back to the client), and encodes on the workers' threads, which the "
                  "pool leaves to ffmpeg beside the synthesis. It is for many machines; what "
                  "limits those is the client's share below."]
    raw = {k.removeprefix("raw_piper_"): f.median for k, f in by_key.items()
           if k.startswith("raw_piper_")}
    share = share_figure.median / 100
    load = share_figure.detail.get("load_1min_start_end")
    if load:
        lines += ["", f"Load average (1 min) at the start of this benchmark {load[0]:.1f}, at "
                  f"its end {load[1]:.1f}, on {cores} cores."]
        if max(load) > 2 * cores:  # far more runnable threads than cores: what that does
            lines[-1] += (" The machine was shared: under that much contention the scheduler "
                          "hands out CPU per runnable thread, so wall-clock throughputs favour "
                          "modes with more processes and all are far below an idle machine's; "
                          "CPU times (the client's share) are much less affected.")
    quiet = share_figure.detail.get("raw_piper_quiet")
    if quiet:
        lines += ["", f"On the same machine nearly idle ({quiet['when']}, load "
                  f"{quiet['load']}), raw Piper, audio s per wall s: " + ", ".join(
                      f"{shape.replace('x', ' process(es) x ')} thread(s) {value:.1f}"
                      for shape, value in quiet["values"].items()) + "."]
    lines += [
        "",
        f"Per-core efficiency: throughput / ({cores} cores x one single-threaded Piper "
        f"process's {one_core:.1f} s of audio per s). Raw Piper on this machine, audio s per "
        "wall s: " + ", ".join(f"{shape.replace('x', ' process(es) x ')} thread(s) {value:.1f}"
                               for shape, value in raw.items()) + ".",
        "",
        f"The client's CPU in a cluster build is {100 * share:.1f} % of the serial build's: "
        "planning, receiving clips and episodes, writing files. Taken as the serial part "
        "(Amdahl), N machines like this one give at most 1 / (s + (1 - s) / N) times one "
        "machine's throughput:",
        "",
        "| machines | Amdahl speed-up | efficiency |",
        "|---|---|---|",
    ]
    for machines in (1, 2, 5, 10, 20, 50):
        speedup = 1 / (share + (1 - share) / machines)
        lines.append(f"| {machines} | {speedup:.1f} | {100 * speedup / machines:.0f} % |")
    lines += [
        "",
        "Amdahl is the pessimistic reading: the client works while the workers do (it plans "
        f"ahead and writes as results arrive), so the hard ceiling is 1 / s = {1 / share:.0f} "
        "machines' worth of workers before the client itself is the bottleneck.",
        "",
    ]
    return "\n".join(lines)
