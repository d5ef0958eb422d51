"""Benchmark 6: how many gTTS requests `reader speak --engine gtts` makes per 1,000 characters.

Google's endpoint takes at most 100 characters per request, so 10 requests per 1,000
characters is the floor; since the pipeline speaks each sentence as its own clip, the floor
for a given article is the sum over its pieces of ceil(len / 100). gTTS's own tokenizer
would cut at every comma; the engine merges the cuts back up to the limit.

In-process: speak_article with the gtts engine, a fresh clip cache per run, and requests
sent (through READER_GTTS_ENDPOINT) to a local HTTP server on 127.0.0.1 that answers the
way Google's batchexecute endpoint does, with a short real MP3. The server counts the
requests and the characters they carry.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

# The tests' stand-in for Google, so the benchmark counts against what the tests check.
from tests.fake_google import running as fake_google

from .common import Figure, Stopwatch, cache_env, log, spoken_pieces, workspace
from .generator import generate_article

WORDS = 1000
LIMIT = 100  # gTTS.GOOGLE_TTS_MAX_CHARS


def _tone_mp3() -> bytes:
    from reader.audio.ffmpeg import run_ffmpeg

    return run_ffmpeg(
        ["-f", "lavfi", "-i", "sine=frequency=330:duration=0.3", "-ac", "1", "-ar", "24000",
         "-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", "pipe:1"]
    ).stdout


def _gtts_default_requests(pieces: list[str]) -> int:
    """How many requests gTTS's own tokenizer would make for the same pieces."""
    from gtts import gTTS

    return sum(len(gTTS(p, lang="en", lang_check=False)._tokenize(p)) for p in pieces)


def _inputs(folder: Path) -> list[Path]:
    """The repo's sample articles (real-world punctuation) and a generated one."""
    from .common import REPO

    samples = sorted(p for p in (REPO / "articles").glob("*") if p.is_file())
    return [*samples, generate_article(6000, words=WORDS).write(folder / "articles")]


def run(runs: int = 3) -> list[Figure]:
    from reader.builder.speak import speak_article

    with workspace("gtts") as folder:
        articles = _inputs(folder)
        pieces = [piece for article in articles for piece in spoken_pieces(article)]
        characters = sum(len(p) for p in pieces)
        floor = sum(math.ceil(len(p) / LIMIT) for p in pieces)
        per_1000: list[float] = []
        seconds: list[float] = []
        requests: list[int] = []
        with fake_google(_tone_mp3()) as google:
            old = os.environ.get("READER_GTTS_ENDPOINT")
            os.environ["READER_GTTS_ENDPOINT"] = google.url
            try:
                for run_index in range(runs):
                    google.texts.clear()
                    with cache_env(folder / f"cache-{run_index}"), Stopwatch() as watch:
                        for number, article in enumerate(articles):
                            speak_article(article, folder / f"gtts-{run_index}-{number}.mp3",
                                          engine="gtts", config_path=folder / "no-reader.toml")
                    requests.append(len(google.texts))
                    per_1000.append(len(google.texts) * 1000 / characters)
                    seconds.append(watch.seconds)
                    log(f"  gtts run {run_index + 1}: {len(google.texts)} requests for "
                        f"{characters} characters, {watch.seconds:.1f} s")
            finally:
                if old is None:
                    os.environ.pop("READER_GTTS_ENDPOINT", None)
                else:
                    os.environ["READER_GTTS_ENDPOINT"] = old
    floor_per_1000 = floor * 1000 / characters
    default = _gtts_default_requests(pieces)
    return [
        Figure(
            key="gtts_requests_per_1000_chars",
            title="6. gTTS requests per 1,000 characters (fake endpoint)",
            unit="requests",
            runs=per_1000,
            target=floor_per_1000,
            limit=floor_per_1000 * 1.15,
            how=f"in-process `speak --engine gtts` on the repo's articles + a {WORDS}-word "
            f"generated one; target = the floor for their pieces, sum(ceil(len/{LIMIT})); "
            f"absolute floor 1000/{LIMIT} = 10",
            detail={
                "articles": [a.name for a in articles],
                "pieces": len(pieces),
                "characters": characters,
                "requests": requests,
                "floor_requests": floor,
                "absolute_floor_per_1000": 1000 / LIMIT,
                "gtts_default_tokenizer_requests": default,
                "gtts_default_per_1000": default * 1000 / characters,
                "seconds": seconds,
            },
        )
    ]
