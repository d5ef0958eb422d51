"""Benchmark 9c: peak memory of `reader speak --engine kokoro` on long articles, scaled to 3 hours.

A 3-hour article takes Kokoro well over an hour on two cores (it speaks at 2-3x real time),
too long for a benchmark run on a shared machine. So two articles, of SHORT and LONG words,
are spoken cold by `python -m reader speak --engine kokoro` as a subprocess, started from the
small launcher of benchmark 4 (peak_rss.py: the kernel's ru_maxrss is the reader's own), and
the peak is extrapolated linearly in audio length to 3 hours: what grows with the article
(the plan, the cues, the encoder's backlog) grows at the slope between the two; what does
not (the loaded model, the longest sentence's activations) is the intercept. Benchmark 4
measures the same pipeline with Piper on a real 2.4-hour article.
"""

from __future__ import annotations

from .common import Figure, log, workspace
from .generator import generate_article
from .long_article import speak_subprocess

SHORT = 150
LONG = 600
HOURS = 3.0


def run(runs: int = 1) -> list[Figure]:
    from reader.audio.formats import DEFAULT_FORMAT

    points: list[tuple[float, float]] = []  # (audio hours, peak MB)
    details = []
    with workspace("kokoro-long") as folder:
        for words in (SHORT, LONG):
            article = generate_article(27_000 + words, words=words).write(
                folder / f"articles-{words}")
            mp3 = folder / f"kokoro-{words}.mp3"
            measured = speak_subprocess(article, mp3, folder / f"cache-{words}", "kokoro")
            hours = DEFAULT_FORMAT.duration_ms(mp3) / 3_600_000
            points.append((hours, measured["ru_maxrss_mb"]))
            details.append({"words": words, "audio_hours": hours, **{
                k: v for k, v in measured.items() if k != "loudness_log"}})
            log(f"  Kokoro, {words} words ({hours * 60:.1f} min): {measured['seconds']:.0f} s, "
                f"peak RSS {measured['ru_maxrss_mb']:.0f} MB")
    (h1, m1), (h2, m2) = points
    slope = (m2 - m1) / (h2 - h1)
    at_three_hours = m2 + slope * (HOURS - h2)
    return [
        Figure(
            key="kokoro_long_peak_rss",
            title=f"9c. `reader speak --engine kokoro`: peak RSS scaled to a {HOURS:g}-hour "
            "article (MB)",
            unit="MB",
            runs=[at_three_hours],
            limit=600.0,
            how=f"ONE run each of {SHORT} and {LONG} words, subprocess, cold cache, ru_maxrss "
            "(wait4); extrapolated linearly in audio length",
            detail={"measured": details, "mb_per_hour": slope},
        )
    ]
