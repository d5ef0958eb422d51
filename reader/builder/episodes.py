"""The episodes phase: new and changed articles spoken, encoded and published under their
content names (episodes/<slug>-<hash8>.mp3 and its sidecars).

Every item's speech is planned against the clip cache first; then the runner (this
process, a local pool or a Dask cluster: reader.run) makes the episodes in a staging
folder, and each is moved into episodes/ as soon as it is finished: sidecars first, the
audio last, so an entry whose audio exists has all its files.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..audio.formats import DEFAULT_FORMAT
from ..config import audio_settings_for
from ..errors import UserError
from ..fsutil import atomic_path, crash_point, safe_join, sha256_file, write_text_atomic
from ..layout import EpisodeFiles
from ..models import Article, Episode, EpisodeRecord
from .approvals import script_fingerprint
from .context import BuildContext
from .manifest import Entry
from .plan import Rebuild, schedule_of
from .progress import build_progress

# About 150 words a minute; a build with this much audio to speak measures its voice first.
NOMINAL_SECONDS_PER_WORD = 0.4
MEASURE_FROM_AUDIO_S = 1800.0

if TYPE_CHECKING:
    from ..run import EpisodeJob
    from ..run.jobs import JobPlanner


@dataclass(frozen=True)
class EpisodesMade:
    """What the episodes phase did: an entry per item (its new episode, or the one it
    replaces when it failed), in the order they were finished."""

    entries: dict[str, Entry]  # by source
    built: tuple[str, ...]  # sources
    failed: tuple[str, ...]  # one line each
    synthesized: int  # pieces the engine spoke (those before a failure too: they are cached)


@dataclass(frozen=True)
class _Cover:
    """An article's own cover (front matter `image:`), checked and converted like the
    podcast's: published as episodes/<stem>.jpg beside its audio."""

    source: str  # relative to the articles folder
    sha: str
    jpeg: bytes


Checkpoint = Callable[[Mapping[str, Entry]], None]


def make_episodes(
    items: tuple[Rebuild, ...], ctx: BuildContext, staging: Path, checkpoint: Checkpoint
) -> EpisodesMade:
    """Make and publish every item's episode. `checkpoint` is told the entries made so far
    after every finished episode but the last (the build saves its manifest there)."""
    entries: dict[str, Entry] = {}
    built: list[str] = []
    failed: list[str] = []
    if not items:
        return EpisodesMade(entries, (), (), 0)
    # Lazily, here and below: the runners, speech and the site's imaging (numpy, jinja2,
    # Pillow) cost a no-change rebuild a large share of its time, and it needs none of them.
    from ..run import make_runner
    from ..run.jobs import JobPlanner
    from .estimate import forecast, observe, warn_if_long

    planner = JobPlanner.open(
        ctx.config.cache_dir, ctx.config.lexicon_path,
        album=ctx.podcast.title, cover=ctx.podcast.image,
    )  # fmt: skip
    planned: dict[str, tuple[Rebuild, _Cover | None]] = {}
    jobs: list[EpisodeJob] = []
    for number, item in enumerate(items):
        try:
            cover = _own_cover(item, ctx)
            jobs.append(_episode_job(item, ctx, staging / str(number), cover, planner))
        except UserError as exc:  # a bad cover or voice: before any synthesis
            failed.append(_failed(item, str(exc), ctx, entries))
            continue
        planned[item.source] = (item, cover)
    if not jobs:
        return EpisodesMade(entries, (), tuple(failed), 0)
    synthesized = 0
    to_speak = len({clip.key for job in jobs for clip in job.plan.missing})
    found = forecast(jobs, ctx.config, measure=_worth_measuring(jobs), alternatives_too=True)
    warn_if_long(found, ctx.report)
    started = time.perf_counter()
    with (
        build_progress(ctx.show_progress, len(jobs),
                       found.estimate.seconds - found.startup_s
                       if found.estimate.audio_seconds else None) as tracker,
        make_runner(
            ctx.config.run, to_speak, planner.cache, report=ctx.report, progress=tracker
        ) as runner,
    ):
        for done, made in enumerate(runner.make_episodes(jobs), start=1):
            tracker.article_done()
            synthesized += made.spoken
            item, cover = planned[made.job.name]
            if made.episode is None:
                failed.append(_failed(item, str(made.error), ctx, entries))
                continue
            entries[item.source] = _published(item, made.episode, cover, ctx)
            built.append(item.source)
            if done < len(jobs):  # after the last one, the final save follows at once
                checkpoint(entries)
    if not failed:
        observe(found, jobs, ctx.config, time.perf_counter() - started, found.estimate.setting)
    return EpisodesMade(entries, tuple(built), tuple(failed), synthesized)


def _worth_measuring(jobs: list[EpisodeJob]) -> bool:
    """Measure a voice this machine has no record of at the start of a build only when the
    build is long enough that an hour is possible (at the slowest voice's pace, about real
    time): a few seconds then, nothing for a short build."""
    words = sum(len(clip.text.split()) for job in jobs for clip in job.plan.missing)
    return words * NOMINAL_SECONDS_PER_WORD >= MEASURE_FROM_AUDIO_S


def _failed(item: Rebuild, reason: str, ctx: BuildContext, entries: dict[str, Entry]) -> str:
    """Report the item's failure; its last good episode, if any, stays published."""
    if item.replaces is not None:
        entries[item.source] = item.replaces
    return ctx.fail(item.source, reason)


def _own_cover(item: Rebuild, ctx: BuildContext) -> _Cover | None:
    """The article's `image:`, a path relative to the article inside the articles folder
    (ConfigError naming it when it is outside, unreadable or not a podcast cover)."""
    name = item.article.meta.image
    if name is None:
        return None
    from ..site.cover import configured_cover

    source = safe_join(ctx.articles, *Path(item.source).parent.parts, *Path(name).parts)
    jpeg = configured_cover(source, setting=f"image: {name}")
    relative = source.relative_to(ctx.articles.resolve()).as_posix()
    return _Cover(relative, sha256_file(source), jpeg)


def _episode_job(
    item: Rebuild, ctx: BuildContext, folder: Path, cover: _Cover | None, planner: JobPlanner
) -> EpisodeJob:
    """The episode to make in its own staging folder (published by `_published`)."""
    settings = audio_settings_for(ctx.config, item.article.meta, engine=ctx.engine,
                                  voice=ctx.voice)
    folder.mkdir(parents=True, exist_ok=True)
    own_cover = None
    if cover is not None:
        own_cover = folder / "cover.jpg"  # the tags take it from here
        own_cover.write_bytes(cover.jpeg)
    return planner.job(item.source, item.script, settings,
                       folder / f"episode{DEFAULT_FORMAT.suffix}", cover=own_cover)


def _published(item: Rebuild, episode: Episode, cover: _Cover | None, ctx: BuildContext) -> Entry:
    """Move a finished episode's files into episodes/ under its content name; its entry."""
    slug = item.article.meta.slug
    staged = EpisodeFiles(episode.audio_path.as_posix())
    files = EpisodeFiles.named(slug, sha256_file(episode.audio_path), episode.audio_path.suffix)
    audio = safe_join(ctx.output, files.audio)
    # Sidecars first, the audio last: an entry whose audio exists has all its files.
    for path in sorted(episode.audio_path.parent.glob(f"{staged.name}.*")):
        if path != episode.audio_path:
            os.replace(path, audio.with_name(files.name + path.name[len(staged.name):]))
    if cover is not None:
        with atomic_path(safe_join(ctx.output, files.cover)) as tmp:
            tmp.write_bytes(cover.jpeg)
    write_text_atomic(files.body(ctx.output), item.article.body_html)
    crash_point(audio)
    os.replace(episode.audio_path, audio)
    record = _record(item.article, episode, files, cover is not None)
    return Entry(
        item.source, item.content_sha, ctx.settings.audio_fingerprint, slug, record,
        ctx.settings.tags_fingerprint,
        image_source=cover.source if cover else None, image_sha=cover.sha if cover else None,
        schedule=schedule_of(item.article.meta),
        page="",  # its page is not written yet: a killed build's next one writes it
        script=script_fingerprint(item.script),
    )  # fmt: skip


def _record(
    article: Article, episode: Episode, files: EpisodeFiles, own_cover: bool
) -> EpisodeRecord:
    meta = article.meta
    return EpisodeRecord(
        slug=meta.slug,
        title=meta.title,
        date=meta.date.isoformat(),
        description=meta.description,
        author=meta.author,
        lang=meta.lang,
        explicit=meta.explicit,
        audio_file=files.audio,
        size_bytes=episode.size_bytes,
        duration_ms=episode.duration_ms,
        chapters=episode.chapters,
        image=files.cover if own_cover else None,
        keywords=meta.keywords,
    )
