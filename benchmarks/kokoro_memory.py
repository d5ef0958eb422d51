"""Benchmark 9c: peak memory of `reader speak --engine kokoro`, for a 3-hour article.

A 3-hour article takes Kokoro well over an hour on two cores, too long for a benchmark run
on a shared machine, so the figure is built from two parts measured separately, each with
`python -m reader speak` as a subprocess started from the small launcher of benchmark 4
(peak_rss.py: the kernel's ru_maxrss is the reader's own), cold cache:
- Kokoro's peak on an article of KOKORO_WORDS words: the loaded model and the activations
  of the longest piece, which do not grow with the article (pieces are capped at about 200
  characters), plus the pipeline at that length;
- what the pipeline adds with length (the plan, the cues, the encoder's backlog): the test
  engine `tones` (no model) on the same KOKORO_WORDS-word article and on a LONG_WORDS-word
  one (about 3 hours), the difference scaled to exactly 3 hours.
Linear scaling of two Kokoro runs of different lengths does not work: their peaks differ by
their longest sentence, not by their length.
"""

from __future__ import annotations

import os

from .common import Figure, log, workspace
from .generator import generate_article
from .long_article import speak_subprocess

KOKORO_WORDS = 600
LONG_WORDS = 26_000
HOURS = 3.0


def run(runs: int = 1) -> list[Figure]:
    from reader.audio.formats import DEFAULT_FORMAT

    os.environ["READER_TEST_ENGINES"] = "1"  # the tones engine, for the pipeline's growth
    measured: dict[str, tuple[float, float]] = {}  # (audio hours, peak MB)
    with workspace("kokoro-long") as folder:
        for engine, words in (("kokoro", KOKORO_WORDS), ("tones", KOKORO_WORDS),
                              ("tones", LONG_WORDS)):
            article = generate_article(27_000 + words, words=words).write(
                folder / f"articles-{engine}-{words}")
            mp3 = folder / f"{engine}-{words}.mp3"
            result = speak_subprocess(article, mp3, folder / f"cache-{engine}-{words}", engine)
            hours = DEFAULT_FORMAT.duration_ms(mp3) / 3_600_000
            measured[f"{engine}-{words}"] = (hours, result["ru_maxrss_mb"])
            log(f"  {engine}, {words} words ({hours * 60:.1f} min): {result['seconds']:.0f} s, "
                f"peak RSS {result['ru_maxrss_mb']:.0f} MB")
    return [figure(measured)]


def figure(measured: dict[str, tuple[float, float]]) -> Figure:
    kokoro_hours, kokoro_mb = measured[f"kokoro-{KOKORO_WORDS}"]
    short_hours, short_mb = measured[f"tones-{KOKORO_WORDS}"]
    long_hours, long_mb = measured[f"tones-{LONG_WORDS}"]
    per_hour = (long_mb - short_mb) / (long_hours - short_hours)
    at_three_hours = kokoro_mb + per_hour * (HOURS - kokoro_hours)
    return Figure(
        key="kokoro_long_peak_rss",
        title=f"9c. `reader speak --engine kokoro`: peak RSS for a {HOURS:g}-hour article (MB)",
        unit="MB",
        runs=[at_three_hours],
        limit=600.0,
        how=f"ONE run each; Kokoro's peak on {KOKORO_WORDS} words plus the pipeline's growth "
        f"to {HOURS:g} hours measured with the tones engine ({KOKORO_WORDS} and {LONG_WORDS} "
        "words); subprocess, cold cache, ru_maxrss (wait4)",
        detail={"measured_hours_mb": measured, "pipeline_mb_per_hour": per_hour},
    )
