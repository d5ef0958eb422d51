"""Benchmark 1: `reader speak` against the raw engine on the same pieces.

In-process, both sides: the pipeline is reader.builder.speak.speak_article (load, script, speech
through the clip cache, assembly, loudness, MP3, tags, sidecars) with a fresh clip
cache per run and the voice loaded again per run, as a new `reader speak` process would.
The baseline loads PiperVoice itself and writes exactly the pieces the episode speaks (the
episode stage's own plan: the opening line, the spoken headings and every sentence) into
one WAV, without pauses.
Runs alternate pipeline/raw in ABBA order so slow drift of a shared machine cancels out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .common import (
    Figure,
    Stopwatch,
    cache_env,
    forget_loaded_voices,
    log,
    raw_piper_to_wav,
    spoken_pieces,
    wav_seconds,
    workspace,
)
from .generator import generate_article

WORDS = 1500
SEED = 1500


def speak_cold(article: Path, mp3: Path, cache: Path) -> tuple[float, Any]:
    """One cold `reader speak`, in-process. Returns (seconds, Episode)."""
    from reader.builder.speak import speak_article

    forget_loaded_voices()
    with cache_env(cache), Stopwatch() as watch:
        episode = speak_article(article, mp3, engine="piper",
                                config_path=article.parent / "no-reader.toml")
    return watch.seconds, episode


def run(runs: int = 3) -> list[Figure]:
    with workspace("pipeline") as folder:
        generated = generate_article(SEED, words=WORDS)
        article = generated.write(folder / "articles")
        pipeline: list[float] = []
        raw: list[float] = []
        pieces = spoken_pieces(article)
        episode: Any = None
        methods: list[str] = []  # how each run's loudness was set (streamed, streamed again...)
        order = ["p", "r", "r", "p"] * ((runs + 1) // 2)  # ABBA: drift cancels out
        for step, kind in enumerate(order):
            if kind == "p" and len(pipeline) < runs:
                seconds, episode = speak_cold(
                    article, folder / f"episode-{step}.mp3", folder / f"cache-{step}"
                )
                pipeline.append(seconds)
                methods.append(episode.loudness_method)
                log(f"  pipeline run {len(pipeline)}: {seconds:.2f} s ({methods[-1]}, "
                    f"{episode.loudness_lufs:.1f} LUFS, {episode.true_peak_dbtp:.1f} dBTP)")
            elif kind == "r" and len(raw) < runs:
                wav = folder / f"raw-{step}.wav"
                raw.append(raw_piper_to_wav(pieces, wav))
                audio = wav_seconds(wav)
                wav.unlink()
                log(f"  raw run {len(raw)}: {raw[-1]:.2f} s ({audio:.0f} s of speech)")
        ratios = [p / r for p, r in zip(pipeline, raw, strict=True)]
        detail = {
            "pipeline_seconds": pipeline,
            "raw_seconds": raw,
            "article_words": generated.words,
            "pieces": len(pieces),
            "characters": sum(len(p) for p in pieces),
            "speech_seconds_raw": audio,
            "episode_seconds": episode.duration_ms / 1000 if episode else None,
            "synthesized_by_pipeline": episode.synthesized if episode else None,
            "raw_realtime_factor": audio / min(raw),
            "loudness_methods": methods,
        }
    return [
        Figure(
            key="pipeline_vs_raw",
            title=f"1. `reader speak`, {WORDS:,}-word article, cold cache / raw PiperVoice",
            unit="ratio",
            runs=ratios,
            target=1.10,
            limit=1.25,
            how="in-process, ABBA order; both load the voice; raw = same pieces into one WAV",
            detail=detail,
        )
    ]
