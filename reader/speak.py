"""One article -> one episode: the speech and episode stages joined, in this process.

`make_episode` plans the clips a script needs, has the engine speak the missing ones in
order while the episode stage assembles and encodes them (encode-while-speaking), and
returns the finished episode. `speak_article` is `reader speak` as a library call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .audio.formats import DEFAULT_FORMAT
from .config import AudioSettings, audio_settings_for, load_config
from .models import Episode, Script
from .speech.plan import Progress, SpeechCounts


def make_episode(
    script: Script,
    mp3_path: Path,
    settings: AudioSettings,
    *,
    album: str | None = None,
    cover: Path | None = None,
    lexicon_path: Path | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    counts: SpeechCounts | None = None,
) -> Episode:
    """Speak `script` and write `mp3_path` plus .vtt, .chapters.json and .txt beside it.

    `counts` (pieces synthesised and taken from the cache) is filled in as it goes, so a
    caller knows what was spoken even when the episode fails."""
    from .episode import plan_pieces, write_episode
    from .speech.cache import ClipCache
    from .speech.lexicon import load_lexicon
    from .speech.plan import EngineSpec, SpeakInOrder, clips_in_order, plan_speech

    spec = EngineSpec(settings.engine, settings.voice, script.meta.lang)
    engine = spec.create()  # before any work: an unknown voice fails here, in one line
    cache = ClipCache(cache_dir)
    pieces = plan_pieces(script, settings)
    plan = plan_speech(
        [piece.spoken for piece in pieces], spec, load_lexicon(lexicon_path), cache, engine=engine
    )
    speaker = SpeakInOrder(plan, cache, engine=engine, counts=counts, progress=progress)
    episode = write_episode(
        script, pieces, clips_in_order(plan, cache, speaker), mp3_path, settings,
        engine_identity=dict(plan.identity), album=album, cover=cover, cache_dir=cache_dir,
    )  # fmt: skip
    return replace(
        episode, synthesized=speaker.counts.synthesized, cached=speaker.counts.cached
    )


def speak_article(
    article_path: Path,
    output: Path | None = None,
    *,
    engine: str | None = None,
    voice: str | None = None,
    config_path: Path = Path("reader.toml"),
    progress: Progress | None = None,
    cache_dir: Path | None = None,
) -> Episode:
    from .load import load_article
    from .script import make_script

    config = load_config(config_path, required=False)
    article = load_article(article_path)
    settings = audio_settings_for(config, article.meta, engine=engine, voice=voice)
    mp3 = output or Path(f"{article.meta.slug}{DEFAULT_FORMAT.suffix}")
    return make_episode(
        make_script(article),
        mp3,
        settings,
        album=config.podcast.title if config.podcast else None,
        cover=config.podcast.image if config.podcast else None,
        lexicon_path=config.lexicon_path,
        cache_dir=cache_dir or config.cache_dir,
        progress=progress,
    )


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Progress]:
    """A progress bar on stderr: pieces done, how many came from the cache, how many remain.

    rich draws it only on a terminal; in a pipe or a log it stays silent.
    """
    from .progress import stderr_progress

    note = "pieces · {task.fields[cached]} cached · {task.fields[remaining]} to go"
    with stderr_progress(note, transient=True) as bar:
        task = bar.add_task(label, total=None, cached=0, remaining="?")

        def update(done: int, cached: int, total: int) -> None:
            # Once every piece has its clip, what is left is assembly, loudness and encoding.
            description = label if done < total else "assembling, levelling and encoding"
            bar.update(
                task, description=description, completed=done, total=total, cached=cached,
                remaining=total - done,
            )  # fmt: skip

        yield update
