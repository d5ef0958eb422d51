"""`reader speak`: one article -> one episode, as a build of that article alone makes it.

The episode is planned as a build plans each of its own (reader.run.jobs.JobPlanner) and
made by the runner a build would choose for it (reader.run: in this process, or a pool when
there is much to speak): the engine speaks the missing clips in order while the episode
stage assembles and encodes them. `speak_article` is `reader speak` as a library call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..audio.formats import DEFAULT_FORMAT
from ..config import AudioSettings, RunChoice, audio_settings_for, load_config
from ..layout import CONFIG_NAME
from ..load import load_article
from ..models import Episode, Script
from ..progress import stderr_line, stderr_progress
from ..run import make_one
from ..run.jobs import JobPlanner
from ..script import make_script
from ..speech.plan import Progress


def make_episode(
    script: Script,
    audio_path: Path,
    settings: AudioSettings,
    *,
    album: str | None = None,
    cover: Path | None = None,
    lexicon_path: Path | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    run: RunChoice | None = None,
) -> Episode:
    """Speak `script` and write `audio_path` plus its sidecar files beside it. `progress` is
    told after each piece (done, from the cache, of all) when the speaking is in this
    process. Raises the UserError that stopped it."""
    planner = JobPlanner.open(cache_dir, lexicon_path, album=album, cover=cover)
    job = planner.job(audio_path.name, script, settings, audio_path)
    made = make_one(job, planner.cache, run or RunChoice(), report=stderr_line,
                    piece_progress=progress)
    if made.episode is None:
        assert made.error is not None
        raise made.error
    return replace(
        made.episode, synthesized=made.spoken, cached=len(job.plan.jobs) - made.spoken
    )


def speak_article(
    article_path: Path,
    output: Path | None = None,
    *,
    engine: str | None = None,
    voice: str | None = None,
    config_path: Path = Path(CONFIG_NAME),
    progress: Progress | None = None,
    cache_dir: Path | None = None,
) -> Episode:
    config = load_config(config_path, required=False)
    article = load_article(article_path, config.podcast.language if config.podcast else None)
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
        run=config.run,
    )


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Progress]:
    """A progress bar on stderr: pieces done, how many came from the cache, how many remain.

    rich draws it only on a terminal; in a pipe or a log it stays silent.
    """
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
