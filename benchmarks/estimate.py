"""Benchmark 12: `reader build --dry-run` against the build that follows it.

For each engine (Piper, then Kokoro), in a fresh folder with a fresh clip cache and no
speed record: generated articles (seeded; Piper 3 x 300 words, Kokoro 2 x 60 words, about
a minute of audio, since Kokoro speaks at about real time on an ordinary CPU), then
`python -m reader build --dry-run --json` (which measures the voice on first use), then
`python -m reader build` with the clock on the whole process. The figure is how far the
estimate is from the real wall time, |estimate / real - 1|; the limit is the ±30 % the
estimate promises. Both runs are subprocesses, as a user runs them, under the same load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .common import Figure, log, workspace, write_config
from .generator import write_articles

ENGINES = {"piper": (3, 300), "kokoro": (2, 60)}  # articles, words each
LIMIT = 0.30


def _reader(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter, list arguments
        [sys.executable, "-m", "reader", "build", "articles", "-o", "output",
         "--config", "reader.toml", *args],
        cwd=folder, capture_output=True, text=True, check=True,
    )


def measure(engine: str, folder: Path, seed: int) -> dict[str, float]:
    count, words = ENGINES[engine]
    write_articles(folder / "articles", count, words=words, first_seed=seed)
    write_config(folder, folder / "cache", engine=engine)
    found = json.loads(_reader(folder, "--dry-run", "--json").stdout)
    load = os.getloadavg()[0]
    start = time.perf_counter()
    _reader(folder)
    real = time.perf_counter() - start
    return {"estimate_s": found["seconds"], "real_s": real, "audio_s": found["audio_seconds"],
            "load_average": round(load, 1)}


def run(runs: int = 1) -> list[Figure]:
    figures = []
    for engine in ENGINES:
        results = []
        for index in range(runs):
            with workspace(f"estimate-{engine}") as folder:
                result = measure(engine, folder, seed=7000 + 10 * index)
            log(f"  {engine}: estimate {result['estimate_s']:.1f} s, real "
                f"{result['real_s']:.1f} s for {result['audio_s']:.0f} s of audio "
                f"(load average {result['load_average']})")
            results.append(result)
        figures.append(Figure(
            key=f"estimate_{engine}",
            title=f"12. `reader build --dry-run` estimate, {engine}: |estimate / real - 1|",
            unit="share",
            runs=[abs(r["estimate_s"] / r["real_s"] - 1) for r in results],
            limit=LIMIT,
            how="subprocesses, fresh folder, clip cache and speed record per run; the "
            "dry run measures the voice, then the build is timed as a whole",
            detail={key: [r[key] for r in results] for key in results[0]},
        ))
    return figures
