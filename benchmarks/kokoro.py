"""Benchmark 9: Kokoro, the default engine: `reader speak` against kokoro-onnx alone, and its speed.

9a. In-process, both sides, as benchmark 1 does for Piper: the pipeline is
reader.builder.speak.speak_article with `engine="kokoro"` (load, script, speech through the clip
cache, assembly, loudness, MP3, tags, sidecars), a fresh clip cache per run and the model
loaded (and verified) again per run, as a new `reader speak` process would. The baseline is
kokoro-onnx alone: `Kokoro(model, voices)` on the same joined model file and a voices
archive holding the same vendored af_heart, `create(piece, voice="af_heart", lang="en-us")`
for exactly the pieces the episode speaks (the opening line, the spoken headings and every
sentence), written into one WAV, without pauses. Runs alternate in ABBA order.

9b. Real-time factor (wall seconds per second of audio; lower is faster) of Kokoro alone in
1 or 2 processes of 1 or 2 onnxruntime threads on the same pieces (each process loads its
model before the clock starts): what `--jobs` and the worker's threads rest on. And of
`python -m reader build` on three short articles, cold: `--jobs 1` (one process, every
core) and `--jobs 2` (two single-threaded worker processes).
"""

from __future__ import annotations

import os
import time
import wave
from pathlib import Path
from typing import Any

import numpy as np

from .common import (
    Figure,
    Stopwatch,
    cache_env,
    log,
    run_in_processes,
    spoken_pieces,
    workspace,
    write_config,
)
from .generator import generate_article, write_articles

WORDS = 200  # about 80 s of audio: Kokoro speaks at 2-3x real time on these cores
SEED = 1900
VOICE = "af_heart"
SHAPE_PIECES = 10
BUILD_ARTICLES = 3
BUILD_WORDS = 50


def forget_loaded_model() -> None:
    """Make the next in-process synthesis load and verify the model again, as a new
    `reader` process would."""
    from reader.speech.engines import kokoro as kokoro_engine

    kokoro_engine._LOADED.clear()
    kokoro_engine.tokenizer.cache_clear()


def voices_archive(folder: Path) -> Path:
    """The vendored af_heart as kokoro-onnx's own voices format (an .npz by name)."""
    from reader.speech.engines.kokoro import load_voice, voices

    path = folder / "voices.npz"
    np.savez(path, **{VOICE: load_voice(voices()[VOICE])})
    return path


def raw_kokoro_to_wav(pieces: list[str], wav_path: Path, voices_npz: Path) -> float:
    """The baseline: kokoro-onnx alone on `pieces`, into one WAV; seconds, model load
    included."""
    from kokoro_onnx import Kokoro

    from reader.speech.engines.kokoro import model_path

    model = model_path()  # joined and verified before the clock starts, as a warm cache
    start = time.perf_counter()
    kokoro = Kokoro(str(model), str(voices_npz))
    with wave.open(str(wav_path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(24000)
        for piece in pieces:
            audio, _ = kokoro.create(piece, voice=VOICE, lang="en-us")
            out.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return time.perf_counter() - start


def speak_cold(article: Path, mp3: Path, cache: Path, models: Path) -> tuple[float, Any]:
    """One cold `reader speak --engine kokoro`, in-process: a fresh clip cache; the joined
    model is where a user's would be after the first run (`models`)."""
    from reader.builder.speak import speak_article

    forget_loaded_model()
    (cache / "models").parent.mkdir(parents=True, exist_ok=True)
    if not (cache / "models").exists():
        (cache / "models").symlink_to(models)
    with cache_env(cache), Stopwatch() as watch:
        episode = speak_article(article, mp3, engine="kokoro",
                                config_path=article.parent / "no-reader.toml")
    return watch.seconds, episode


def speak_vs_raw(folder: Path, runs: int) -> Figure:
    generated = generate_article(SEED, words=WORDS)
    article = generated.write(folder / "articles")
    pieces = spoken_pieces(article)
    voices_npz = voices_archive(folder)
    from reader.speech.engines.kokoro import model_path

    models = model_path().parent
    pipeline: list[float] = []
    raw: list[float] = []
    audio = 0.0
    episode: Any = None
    order = ["p", "r", "r", "p"] * ((runs + 1) // 2)
    for step, kind in enumerate(order):
        if kind == "p" and len(pipeline) < runs:
            seconds, episode = speak_cold(article, folder / f"episode-{step}.mp3",
                                          folder / f"cache-{step}", models)
            pipeline.append(seconds)
            log(f"  kokoro pipeline run {len(pipeline)}: {seconds:.2f} s "
                f"({episode.loudness_method}, {episode.loudness_lufs:.1f} LUFS)")
        elif kind == "r" and len(raw) < runs:
            wav = folder / f"raw-{step}.wav"
            raw.append(raw_kokoro_to_wav(pieces, wav, voices_npz))
            with wave.open(str(wav), "rb") as source:
                audio = source.getnframes() / source.getframerate()
            wav.unlink()
            log(f"  kokoro-onnx alone run {len(raw)}: {raw[-1]:.2f} s ({audio:.0f} s of speech)")
    return Figure(
        key="kokoro_speak_vs_raw",
        title=f"9a. `reader speak --engine kokoro`, {WORDS}-word article, cold cache / "
        "kokoro-onnx alone",
        unit="ratio",
        runs=[p / r for p, r in zip(pipeline, raw, strict=True)],
        target=1.03,
        limit=1.10,
        how="in-process, ABBA order; both load the model; alone = same pieces, same voice, "
        "into one WAV",
        detail={
            "pipeline_seconds": pipeline,
            "raw_seconds": raw,
            "pieces": len(pieces),
            "speech_seconds_raw": audio,
            "episode_seconds": episode.duration_ms / 1000 if episode else None,
            "raw_realtime_factor": min(raw) / audio if audio else None,
        },
    )


# -- processes x threads ---------------------------------------------------------------


def _raw_worker(threads: int, texts: list[str], barrier: Any, out: Any) -> None:
    from reader.speech.engines.kokoro import KokoroEngine

    KokoroEngine.use_threads(threads)
    engine = KokoroEngine(VOICE)
    engine.synthesize("Warm up.")  # loads the model before the clock starts
    barrier.wait()
    start = time.perf_counter()
    samples = sum(len(engine.synthesize(text).samples) for text in texts)
    out.put((time.perf_counter() - start, samples / 24000))


def realtime_factor(processes: int, threads: int, texts: list[str]) -> float:
    """Wall seconds per audio second of `processes` Kokoro processes, `threads` each."""
    wall, audio = run_in_processes(_raw_worker, processes, threads, texts)
    return wall / audio


def _build(articles: Path, folder: Path, jobs: int, models: Path) -> tuple[float, float]:
    """One cold `python -m reader build --jobs N` with Kokoro: (wall seconds, audio s)."""
    import json
    import subprocess
    import sys

    cache = folder / "cache"
    cache.mkdir(parents=True)
    (cache / "models").symlink_to(models)  # the joined model, as after a first run
    config = write_config(folder, cache, engine="kokoro")
    output = folder / "output"
    env = dict(os.environ, READER_CACHE_DIR=str(cache))
    start = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own interpreter, list arguments
        [sys.executable, "-m", "reader", "build", str(articles), "-o", str(output),
         "--config", str(config), "--jobs", str(jobs)],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    wall = time.perf_counter() - start
    manifest = json.loads((output / ".manifest.json").read_text(encoding="utf-8"))
    audio = sum(e["record"]["duration_ms"] for e in manifest["entries"]) / 1000
    return wall, audio


def speed(folder: Path, runs: int) -> list[Figure]:
    from reader.run.base import cores
    from reader.speech.engines.kokoro import model_path

    article = generate_article(SEED + 1, words=WORDS).write(folder / "shape-article")
    texts = spoken_pieces(article)[:SHAPE_PIECES]
    shapes = [(1, 1), (1, 2), (2, 1), (2, 2)] if cores() >= 2 else [(1, 1)]
    rtf: dict[str, list[float]] = {}
    for run_index in range(runs):
        for processes, threads in shapes if run_index % 2 == 0 else shapes[::-1]:
            value = realtime_factor(processes, threads, texts)
            rtf.setdefault(f"{processes}x{threads}", []).append(value)
            log(f"  Kokoro {processes} process(es) x {threads} thread(s): RTF {value:.3f}")
    articles = folder / "build-articles"
    write_articles(articles, BUILD_ARTICLES, words=BUILD_WORDS, first_seed=1950)
    models = model_path().parent
    builds: dict[str, list[float]] = {"jobs-1": [], "jobs-2": []}
    audio = 0.0
    for run_index in range(runs):
        for jobs in (1, 2) if run_index % 2 == 0 else (2, 1):
            wall, audio = _build(articles, folder / f"build-{run_index}-{jobs}", jobs, models)
            builds[f"jobs-{jobs}"].append(wall / audio)
            log(f"  reader build --jobs {jobs}: {wall:.1f} s for {audio:.0f} s of audio "
                f"(RTF {wall / audio:.3f})")
    figures = [
        Figure(key=f"kokoro_rtf_raw_{shape}",
               title=f"9b. Kokoro alone, {shape.replace('x', ' process(es) x ')} thread(s): "
               "real-time factor",
               unit="ratio", runs=values,
               how=f"{SHAPE_PIECES} pieces split over the processes; wall / audio seconds")
        for shape, values in rtf.items()
    ]
    figures += [
        Figure(key=f"kokoro_rtf_build_{mode.replace('-', '_')}",
               title=f"9b. `reader build --{mode.replace('-', ' ')}`, Kokoro, cold: "
               "real-time factor",
               unit="ratio", runs=values,
               how=f"{BUILD_ARTICLES} articles of {BUILD_WORDS} words ({audio:.0f} s of "
               "audio); subprocess; wall / audio seconds")
        for mode, values in builds.items()
    ]
    return figures


def run(runs: int = 3) -> list[Figure]:
    with workspace("kokoro") as folder:
        figures = [speak_vs_raw(folder, runs)]
        figures += speed(folder, runs)
    return figures
