"""Benchmark 4: one very long article (about 26,000 words, hours of audio), run once.

`python -m reader speak` as a subprocess with a fresh clip cache, so its memory is its own:
peak RSS is the kernel's ru_maxrss from wait4, the high-water mark of the reader process and
of the ffmpeg processes it waited for, however brief. A small launcher (peak_rss.py) starts
it, because a process started with vfork inherits its parent's high-water mark, and the
benchmark runner's own is large by then. psutil polls every 50 ms alongside and keeps a
timeline, to show which phase holds the memory.

The raw baseline is estimated, not run (it would double the benchmark's time): every 10th
piece of the same plan goes through PiperVoice directly, half of them before the pipeline
runs and half after (a shared machine drifts over ten minutes), and the time per character
scales to the whole article; the voice's load time is added once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from .common import (
    REPO,
    Figure,
    Stopwatch,
    load_raw_voice,
    log,
    raw_piper_seconds,
    spoken_pieces,
    workspace,
)
from .generator import generate_article

WORDS = 26_000
SAMPLE_EVERY = 20
MB = 1024 * 1024


class _RssPoller(threading.Thread):
    """Peak RSS of the process `launcher` started, and of that process's whole tree,
    sampled every `interval` seconds."""

    def __init__(self, launcher: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        import psutil

        self.launcher = psutil.Process(launcher)
        self.process: Any = None  # the reader, once the launcher has started it
        self.interval = interval
        self.peak_process = 0
        self.peak_tree = 0
        self.started = time.perf_counter()
        # (seconds, process MB, tree MB) every `every` seconds: shows which phase peaks.
        self.timeline: list[tuple[float, float, float]] = []
        self.every = 5.0
        self.stop = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stop.is_set():
            try:
                if self.process is None:
                    children = self.launcher.children()
                    self.process = children[0] if children else None
                if self.process is not None:
                    self._sample(psutil)
            except psutil.Error:
                return
            time.sleep(self.interval)

    def _sample(self, psutil: Any) -> None:
        own = self.process.memory_info().rss
        tree = own
        for child in self.process.children(recursive=True):
            try:
                tree += child.memory_info().rss
            except psutil.Error:
                pass
        self.peak_process = max(self.peak_process, own)
        self.peak_tree = max(self.peak_tree, tree)
        now = time.perf_counter() - self.started
        if not self.timeline or now - self.timeline[-1][0] >= self.every:
            self.timeline.append((round(now, 1), round(own / MB), round(tree / MB)))


def speak_subprocess(
    article: Path, mp3: Path, cache: Path, engine: str = "piper"
) -> dict[str, Any]:
    """Run `python -m reader speak --engine ENGINE` once, from a small launcher (see
    peak_rss.py); wall time and memory."""
    env = dict(os.environ, READER_CACHE_DIR=str(cache))
    result, errors = cache.parent / "peak-rss.json", cache.parent / "speak-stderr.txt"
    command = [
        sys.executable, "-m", "benchmarks.peak_rss", str(result),
        sys.executable, "-m", "reader", "--verbose", "speak", str(article), "-o", str(mp3),
        "--engine", engine, "--config", str(article.parent / "no-reader.toml"),
    ]  # fmt: skip
    start = time.perf_counter()
    with open(errors, "wb") as stderr:
        launcher = subprocess.Popen(  # noqa: S603 - our own interpreter, list arguments
            command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr
        )
        poller = _RssPoller(launcher.pid)
        poller.start()
        launcher.wait()
    seconds = time.perf_counter() - start
    poller.stop.set()
    poller.join()
    log_text = errors.read_text("utf-8", "replace")
    if launcher.returncode != 0 or not result.exists():
        raise RuntimeError(f"reader speak failed: {log_text[-500:]}")
    peak = json.loads(result.read_text(encoding="utf-8"))
    if peak["exit_code"] != 0:
        raise RuntimeError(f"reader speak failed ({peak['exit_code']}): {log_text[-500:]}")
    return {
        "seconds": seconds,
        "ru_maxrss_mb": peak["ru_maxrss_kib"] * 1024 / MB,
        "polled_process_peak_mb": poller.peak_process / MB,
        "polled_tree_peak_mb": poller.peak_tree / MB,
        "rss_timeline_s_process_tree_mb": poller.timeline,
        **loudness_log(log_text),
    }


def loudness_log(stderr: str) -> dict[str, Any]:
    """How `reader --verbose speak` set the loudness: the method, the MP3's measurement,
    and whether the streamed encode had to be redone."""
    final = re.findall(r": ([a-z+ ]+), (-?[\d.]+) LUFS, (-?[\d.]+) dBTP", stderr)
    if not final:
        return {}
    method, lufs, dbtp = final[-1]
    return {
        "loudness_method": method,
        "loudness_lufs": float(lufs),
        "true_peak_dbtp": float(dbtp),
        "loudness_log": [line for line in stderr.splitlines() if "reader.episode" in line],
    }


def raw_sample(pieces: list[str], offset: int) -> dict[str, float]:
    """Raw PiperVoice time for every SAMPLE_EVERY-th piece, starting at `offset`."""
    with Stopwatch() as load:
        voice = load_raw_voice()
    sample = pieces[offset::SAMPLE_EVERY]
    return {
        "load_s": load.seconds,
        "seconds": raw_piper_seconds(sample, voice),
        "characters": sum(map(len, sample)),
        "pieces": len(sample),
    }


def estimate_raw(
    pieces: list[str], before: dict[str, float], after: dict[str, float]
) -> dict[str, float]:
    """The raw time for all `pieces`, from two samples taken before and after the pipeline
    (so a shared machine's drift during the run weighs on both sides), scaled by characters,
    plus the voice's load time once."""
    sampled = before["characters"] + after["characters"]
    scale = sum(map(len, pieces)) / sampled
    load = (before["load_s"] + after["load_s"]) / 2
    return {
        "raw_load_s": load,
        "raw_sample_s": before["seconds"] + after["seconds"],
        "raw_sample_pieces": before["pieces"] + after["pieces"],
        "raw_seconds_per_1000_chars_before": 1000 * before["seconds"] / before["characters"],
        "raw_seconds_per_1000_chars_after": 1000 * after["seconds"] / after["characters"],
        "raw_estimate_s": load + (before["seconds"] + after["seconds"]) * scale,
    }


def run(runs: int = 1) -> list[Figure]:
    with workspace("long") as folder:
        generated = generate_article(26_000, words=WORDS)
        article = generated.write(folder / "articles")
        pieces = spoken_pieces(article)
        log(f"  long article: {generated.words} words, {len(pieces)} pieces; raw sample...")
        before = raw_sample(pieces, 0)
        log("  speaking...")
        measured = speak_subprocess(article, folder / "long.mp3", folder / "cache")
        from reader.audio.formats import DEFAULT_FORMAT

        audio_s = DEFAULT_FORMAT.duration_ms(folder / "long.mp3") / 1000
        after = raw_sample(pieces, SAMPLE_EVERY // 2)
        raw = estimate_raw(pieces, before, after)
    ratio = measured["seconds"] / raw["raw_estimate_s"]
    log(
        f"  long article: {measured['seconds']:.0f} s for {audio_s / 3600:.2f} h of audio, "
        f"peak RSS {measured['ru_maxrss_mb']:.0f} MB, raw estimate {raw['raw_estimate_s']:.0f} s, "
        f"loudness {measured.get('loudness_method')} ({measured.get('loudness_lufs')} LUFS, "
        f"{measured.get('true_peak_dbtp')} dBTP)"
    )
    detail = {
        "words": generated.words,
        "pieces": len(pieces),
        "audio_hours": audio_s / 3600,
        "runs": 1,
        **measured,
        **raw,
    }
    return [
        Figure(
            key="long_article_peak_rss",
            title=f"4. Long article ({generated.words:,} words, {audio_s / 3600:.1f} h): "
            "peak RSS (MB)",
            unit="MB",
            runs=[measured["ru_maxrss_mb"]],
            target=400.0,
            limit=450.0,
            how="subprocess `python -m reader speak`, cold cache, ONE run; ru_maxrss (wait4)",
            detail=detail,
        ),
        Figure(
            key="long_article_polled_rss",
            title="4. Long article: peak RSS of the reader process, polled every 50 ms (MB)",
            unit="MB",
            runs=[measured["polled_process_peak_mb"]],
            target=400.0,
            limit=450.0,
            how="ONE run; psutil samples: misses spikes shorter than the interval, which "
            "ru_maxrss (the kernel's high-water mark) does not",
        ),
        Figure(
            key="long_article_vs_raw",
            title="4. Long article: `reader speak` / raw PiperVoice (estimated)",
            unit="ratio",
            runs=[ratio],
            target=1.10,
            limit=1.25,
            how=f"ONE run; raw estimated from every {SAMPLE_EVERY // 2}th piece (half before, "
            "half after the pipeline), scaled by characters, plus the voice's load time",
            detail={},
        ),
    ]
