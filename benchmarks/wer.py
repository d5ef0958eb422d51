"""Benchmark 10: how well a recogniser understands Kokoro's episodes against Piper's.

The repo's three sample articles (articles/) and, where it lies beside the repo, the user's
seed article are spoken by `reader speak` with each engine (the whole pipeline: trimming,
pauses, loudness, MP3), and pocketsphinx (the English model its wheel ships) transcribes
each episode cue by cue (a cue is one spoken piece; decoded from the MP3 between its start
and end). The word error rate is the edits of a word-level alignment of every cue's script
against what was heard, over all the script's words (tests/test_listening.py's alignment).
The figure is Kokoro's WER minus Piper's, in percentage points: it must be 5 points or more
below zero. Runs once: Kokoro is deterministic, and Piper's variation is in the detail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .common import REPO, Figure, log, workspace

SEED_ARTICLE = REPO.parent / "shared" / "seed-article.txt"
RATE = 16000


def articles() -> list[Path]:
    found = sorted((REPO / "articles").iterdir())
    return [*found, SEED_ARTICLE] if SEED_ARTICLE.is_file() else found


def heard_cues(episode: Any) -> tuple[int, int]:
    """(edits, script words) of the episode's cues as pocketsphinx hears them."""
    import numpy as np
    from pocketsphinx import Decoder

    from reader.audio.ffmpeg import run_ffmpeg
    from tests.test_listening import alignment, words

    raw = run_ffmpeg(["-i", episode.audio_path, "-f", "s16le", "-ac", "1", "-ar", str(RATE),
                      "pipe:1"]).stdout
    pcm = np.frombuffer(raw, dtype="<i2")
    decoder = Decoder(samprate=RATE, loglevel="FATAL")
    edits = total = 0
    for cue in episode.cues:
        script = words(cue.text)
        if not script:
            continue
        piece = pcm[cue.start_ms * RATE // 1000 : cue.end_ms * RATE // 1000]
        decoder.start_utt()
        decoder.process_raw(piece.tobytes(), full_utt=True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
        heard = words(hypothesis.hypstr if hypothesis is not None else "")
        edits += sum(op != "=" for op in alignment(script, heard))
        total += len(script)
    return edits, total


def run(runs: int = 1) -> list[Figure]:
    from reader.builder.speak import speak_article

    rates: dict[str, dict[str, float]] = {"kokoro": {}, "piper": {}}
    totals = {"kokoro": [0, 0], "piper": [0, 0]}
    with workspace("wer") as folder:
        for article in articles():
            for engine in ("kokoro", "piper"):
                episode = speak_article(article, folder / f"{engine}-{article.stem}.mp3",
                                        engine=engine, config_path=folder / "none.toml",
                                        cache_dir=folder / "cache")
                edits, count = heard_cues(episode)
                rates[engine][article.name] = edits / count
                totals[engine][0] += edits
                totals[engine][1] += count
                log(f"  {engine} {article.name}: WER {100 * edits / count:.1f} % "
                    f"({edits}/{count} words)")
    wer = {engine: edits / count for engine, (edits, count) in totals.items()}
    return [
        Figure(
            key="wer_kokoro_minus_piper",
            title="10. pocketsphinx WER, Kokoro episode minus Piper episode (points)",
            unit="points",
            runs=[100 * (wer["kokoro"] - wer["piper"])],
            limit=-5.0,
            how=f"ONE run; {len(articles())} articles through `reader speak` with each engine, "
            "cue by cue; WER over all script words",
            detail={"wer_kokoro": wer["kokoro"], "wer_piper": wer["piper"],
                    "per_article": rates},
        )
    ]
