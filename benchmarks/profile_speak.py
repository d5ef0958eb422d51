"""Profile one cold `reader speak` (in-process, fresh clip cache) and print the top costs.

cProfile (stdlib) sees the main thread only; time spent waiting for ffmpeg shows up as
subprocess waits, which is what it is from the pipeline's point of view.
"""

from __future__ import annotations

import cProfile
import io
import pstats

from .common import REPO, cache_env, forget_loaded_voices, log, workspace
from .generator import generate_article
from .pipeline import SEED, WORDS

PROFILE_TXT = REPO / "benchmarks" / "profile-speak.txt"


def profile(top: int = 25) -> str:
    from reader.builder.speak import speak_article

    with workspace("profile") as folder:
        article = generate_article(SEED, words=WORDS).write(folder / "articles")
        forget_loaded_voices()
        profiler = cProfile.Profile()
        with cache_env(folder / "cache"):
            profiler.enable()
            speak_article(article, folder / "episode.mp3", engine="piper",
                          config_path=folder / "no-reader.toml")
            profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    out.write(f"# cold `reader speak`, {WORDS}-word generated article\n\n## by cumulative time\n")
    stats.sort_stats("cumulative").print_stats(top)
    out.write("\n## by own time\n")
    stats.sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    print(text)
    PROFILE_TXT.write_text(text, encoding="utf-8")
    log(f"wrote {PROFILE_TXT.relative_to(REPO)}")
    return text
