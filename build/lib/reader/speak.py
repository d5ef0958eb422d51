"""One article -> one episode: what `reader speak` does, as a library call."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from .config import audio_settings_for, load_config
from .episode import Progress
from .models import Episode


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
    from .episode import make_episode
    from .load import load_article
    from .script import make_script

    config = load_config(config_path, required=False)
    article = load_article(article_path)
    settings = audio_settings_for(config, article.meta, engine=engine, voice=voice)
    mp3 = output or Path(f"{article.meta.slug}.mp3")
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
