"""Carry out a BuildPlan: retag, speak and encode, publish, write the site once, clean up.

Published episodes are immutable files named by their content (episodes/<slug>-<hash8>.mp3
and its sidecars), so a new or retagged episode never replaces a file the current feed
announces. The feed (and the pages that changed) are written once, at the end; only after
the new feed is renamed into place are the files of replaced or removed episodes deleted.
A build killed at any instant therefore leaves a feed whose every enclosure exists with
exactly the length it announces, and the next build finishes the work from the clip cache.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..audio.formats import DEFAULT_FORMAT, format_for
from ..config import Config, PodcastConfig, audio_settings_for
from ..errors import UserError
from ..fsutil import (
    atomic_path,
    crash_point,
    fingerprint,
    safe_join,
    sha256_file,
    write_text_atomic,
)
from ..layout import (
    BODIES_DIR,
    EPISODES_DIR,
    FEED_NAME,
    INDEX_PAGE,
    STAGING_DIR,
    EpisodeFiles,
    content_stem_of,
)
from ..models import Article, Episode, EpisodeRecord
from ..progress import Report
from .manifest import Entry, Manifest
from .plan import BuildPlan, BuildSettings, Rebuild, schedule_of

if TYPE_CHECKING:
    from ..run import EpisodeJob
    from ..speech.cache import ClipCache
    from ..speech.lexicon import Lexicon

# Bump when the site templates or feed layout change, so sites are rewritten once.
SITE_FORMAT = 2  # 2: pages are read-alongs (a shared read-along.js)
_EPOCH = dt.datetime.fromtimestamp(0, dt.UTC)


@dataclass
class BuildSummary:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one message per failed article
    drafts: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    site_written: bool = False
    synthesized: int = 0  # pieces the engine spoke in this build (the rest came from the cache)

    def line(self) -> str:
        parts = [f"built {len(self.built)}", f"unchanged {len(self.unchanged)}"]
        if self.drafts:
            parts.append(f"drafts {len(self.drafts)}")
        if self.removed:
            parts.append(f"removed {len(self.removed)}")
        parts.append(f"failed {len(self.failed)}")
        return ", ".join(parts) + f" ({self.synthesized} pieces synthesised)"


@dataclass(frozen=True)
class BuildContext:
    """What the executor needs besides the plan."""

    config: Config
    podcast: PodcastConfig
    articles: Path
    output: Path
    settings: BuildSettings
    engine: str | None
    voice: str | None
    show_progress: bool
    report: Report


@dataclass(frozen=True)
class _Cover:
    """An article's own cover (front matter `image:`), checked and converted like the
    podcast's: published as episodes/<stem>.jpg beside its audio."""

    source: str  # relative to the articles folder
    sha: str
    jpeg: bytes


def execute(plan: BuildPlan, old: Manifest, ctx: BuildContext) -> BuildSummary:
    """Do what `plan` says; returns what happened. The manifest is saved after every
    finished episode, still naming the site on disk, so a killed build loses nothing."""
    summary = BuildSummary()
    new = Manifest(site_fingerprint=old.site_fingerprint, site_settings=old.site_settings)
    # Slugs whose older files may outlive their entry: until the new feed is in place and
    # they are swept, a killed build's manifest says so, and the next build sweeps them.
    new.unswept = sorted(
        set(old.unswept)
        | {entry.slug for entry in plan.retag}
        | {item.article.meta.slug for item in plan.rebuild}
        | {item.replaces.slug for item in plan.rebuild if item.replaces is not None}
    )
    staging = ctx.output / STAGING_DIR
    shutil.rmtree(staging, ignore_errors=True)
    for entry in plan.unchanged:
        new.entries[entry.source] = entry
        (summary.unchanged if entry.record else summary.drafts).append(entry.source)
    for failure in plan.failed:
        _fail(ctx, summary, failure.source, failure.reason)
        if failure.keep is not None:
            new.entries[failure.source] = failure.keep  # bad input never loses work
    for draft in plan.drafts:
        new.entries[draft.source] = Entry(
            draft.source, draft.content_sha, ctx.settings.audio_fingerprint, draft.slug, None,
            ctx.settings.tags_fingerprint, schedule=draft.schedule,
        )  # fmt: skip
        summary.drafts.append(draft.source)
    for entry in plan.retag:
        new.entries[entry.source] = _retagged(entry, ctx, staging)
        summary.unchanged.append(entry.source)
    if plan.rebuild:
        _rebuild(plan.rebuild, new, ctx, staging, summary)
    shutil.rmtree(staging, ignore_errors=True)
    touched = {e.source for e in plan.retag} | {r.source for r in plan.rebuild}
    _write_site(new, touched, ctx, summary)
    # Only now, with the new feed in place, may what the old one announced go.
    _remove_unpublished(old, new, ctx.output, summary)
    new.unswept = []
    new.save(ctx.output)
    ctx.report(summary.line())
    return summary


def _fail(ctx: BuildContext, summary: BuildSummary, source: str, reason: str) -> None:
    """Report one failed article in one line that names it."""
    path = ctx.articles / source
    line = reason if reason.startswith(f"{path}:") else f"{path}: {reason}"
    summary.failed.append(line)
    ctx.report(f"error: {line}")


# -- speech and episodes -------------------------------------------------------------------


def _rebuild(
    items: tuple[Rebuild, ...],
    new: Manifest,
    ctx: BuildContext,
    staging: Path,
    summary: BuildSummary,
) -> None:
    """Plan every item's speech, then have the runner (this process, a local pool or a Dask
    cluster: reader.run) make the episodes; publish each one as it is finished."""
    from ..run import make_runner
    from ..speech.cache import ClipCache
    from ..speech.lexicon import load_lexicon

    cache = ClipCache(ctx.config.cache_dir)
    lexicon = load_lexicon(ctx.config.lexicon_path)
    planned: dict[str, tuple[Rebuild, _Cover | None]] = {}
    jobs: list[EpisodeJob] = []
    for number, item in enumerate(items):
        try:
            cover = _own_cover(item, ctx)
            jobs.append(_episode_job(item, ctx, staging / str(number), cover, cache, lexicon))
        except UserError as exc:  # a bad cover or voice: before any synthesis
            _failed(item, str(exc), new, ctx, summary)
            continue
        planned[item.source] = (item, cover)
    if not jobs:
        return
    to_speak = len({clip.key for job in jobs for clip in job.plan.missing})
    with (
        _progress(ctx.show_progress, len(jobs)) as tracker,
        make_runner(ctx.config.run, to_speak, cache, report=ctx.report, progress=tracker) as runner,
    ):
        for done, made in enumerate(runner.make_episodes(jobs), start=1):
            tracker.article_done()
            # Pieces spoken before a failure are in the cache: they count too.
            summary.synthesized += made.spoken
            item, cover = planned[made.job.name]
            if made.episode is None:
                _failed(item, str(made.error), new, ctx, summary)
                continue
            new.entries[item.source] = _published(item, made.episode, cover, ctx)
            summary.built.append(item.source)
            if done < len(jobs):  # after the last one, the final save follows at once
                new.save(ctx.output)


def _failed(
    item: Rebuild, reason: str, new: Manifest, ctx: BuildContext, summary: BuildSummary
) -> None:
    _fail(ctx, summary, item.source, reason)
    if item.replaces is not None:
        new.entries[item.source] = item.replaces  # the last good episode stays published


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
    item: Rebuild,
    ctx: BuildContext,
    folder: Path,
    cover: _Cover | None,
    cache: ClipCache,
    lexicon: Lexicon,
) -> EpisodeJob:
    """The episode to make in its own staging folder (published by `_published`), with its
    speech planned against the clip cache."""
    from ..episode import plan_pieces
    from ..run import EpisodeJob
    from ..speech.plan import EngineSpec, plan_speech

    meta = item.article.meta
    settings = audio_settings_for(ctx.config, meta, engine=ctx.engine, voice=ctx.voice)
    spec = EngineSpec(settings.engine, settings.voice, meta.lang)
    pieces = plan_pieces(item.script, settings)
    plan = plan_speech([piece.spoken for piece in pieces], spec, lexicon, cache)
    folder.mkdir(parents=True, exist_ok=True)
    cover_file = ctx.podcast.image
    if cover is not None:
        cover_file = folder / "cover.jpg"  # the tags take it from here
        cover_file.write_bytes(cover.jpeg)
    return EpisodeJob(
        name=item.source, script=item.script, pieces=tuple(pieces), plan=plan,
        settings=settings, mp3_path=folder / f"episode{DEFAULT_FORMAT.suffix}",
        album=ctx.podcast.title, cover=cover_file,
    )  # fmt: skip


def _published(item: Rebuild, episode: Episode, cover: _Cover | None, ctx: BuildContext) -> Entry:
    """Move a finished episode's files into episodes/ under its content name; its entry."""
    slug = item.article.meta.slug
    staged = EpisodeFiles(episode.mp3_path.as_posix())
    files = EpisodeFiles.named(slug, sha256_file(episode.mp3_path), episode.mp3_path.suffix)
    audio = safe_join(ctx.output, files.audio)
    # Sidecars first, the audio last: an entry whose audio exists has all its files.
    for path in sorted(episode.mp3_path.parent.glob(f"{staged.name}.*")):
        if path != episode.mp3_path:
            os.replace(path, audio.with_name(files.name + path.name[len(staged.name):]))
    if cover is not None:
        with atomic_path(safe_join(ctx.output, files.cover)) as tmp:
            tmp.write_bytes(cover.jpeg)
    write_text_atomic(files.body(ctx.output), item.article.body_html)
    crash_point(audio)
    os.replace(episode.mp3_path, audio)
    record = _record(item.article, episode, files, cover is not None)
    return Entry(
        item.source, item.content_sha, ctx.settings.audio_fingerprint, slug, record,
        ctx.settings.tags_fingerprint,
        image_source=cover.source if cover else None, image_sha=cover.sha if cover else None,
        schedule=schedule_of(item.article.meta),
        page="",  # its page is not written yet: a killed build's next one writes it
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


def _retagged(entry: Entry, ctx: BuildContext, staging: Path) -> Entry:
    """An unchanged episode whose podcast title or cover changed: new tags, same audio, in
    a new file (the feed on disk still announces the old one, which stays until it goes)."""
    from ..models import date_from_iso

    assert entry.record is not None
    record = entry.record
    old = record.files
    old_audio = safe_join(ctx.output, old.audio)
    staging.mkdir(parents=True, exist_ok=True)
    staged = staging / f"retag{old_audio.suffix}"
    shutil.copyfile(old_audio, staged)
    format_for(old.audio).write_tags(
        staged,
        title=record.title,
        artist=record.author,
        album=ctx.podcast.title,
        date=date_from_iso(record.date),
        lang=record.lang,
        cover=safe_join(ctx.output, record.image) if record.image else ctx.podcast.image,
        chapters=record.chapters,
        keywords=record.keywords,
    )
    with open(staged, "rb") as handle:
        os.fsync(handle.fileno())
    files = EpisodeFiles.named(record.slug, sha256_file(staged), old_audio.suffix)
    if files != old:
        for path in sorted(old_audio.parent.glob(f"{old.name}.*")):
            if path != old_audio:
                _link(path, path.with_name(files.name + path.name[len(old.name):]))
        _link(old.body(ctx.output), files.body(ctx.output))
        audio = safe_join(ctx.output, files.audio)
        crash_point(audio)
        os.replace(staged, audio)
    new_record = replace(
        record,
        audio_file=files.audio,
        image=files.cover if record.image else None,
        size_bytes=safe_join(ctx.output, files.audio).stat().st_size,
    )
    return replace(entry, record=new_record, tags_fingerprint=ctx.settings.tags_fingerprint)


def _link(source: Path, target: Path) -> None:
    """`target` with the content of `source` (a hard link where the file system has them)."""
    if target.exists() or not source.exists():
        return
    try:
        os.link(source, target)
    except OSError:
        with atomic_path(target) as tmp:
            shutil.copyfile(source, tmp)


# -- the site and cleanup ------------------------------------------------------------------


def _write_site(
    new: Manifest, touched: set[str], ctx: BuildContext, summary: BuildSummary
) -> None:
    """feed.xml, index.html and the pages whose episode changed: once, at the end.
    `touched`: the sources whose entry this build made or changed."""
    entries = sorted(
        (e for e in new.entries.values() if e.record is not None),
        key=lambda e: (e.record.published_at, e.record.slug) if e.record else (_EPOCH, ""),
        reverse=True,
    )
    settings_fp = fingerprint((SITE_FORMAT, repr(ctx.podcast)))
    # An entry kept from the last build has the fingerprint of the page it has on disk; only
    # the entries this build made or changed are fingerprinted again (cheap for thousands).
    pages = {
        entry.source: entry.page
        if entry.page and entry.source not in touched
        else _page_fingerprint(entry)
        for entry in entries
    }
    site_fp = fingerprint((settings_fp, [pages[e.source] for e in entries]))
    if site_fp == new.site_fingerprint and _site_present(ctx.output):
        return
    from ..site import write_site  # not imported at all when nothing changed

    every_page = settings_fp != new.site_settings or not _site_present(ctx.output)
    stale = {e.source for e in entries if every_page or e.page != pages[e.source]}
    records = [_with_page_texts(e, ctx.output) if e.source in stale else e.record for e in entries]
    write_site(
        ctx.output, ctx.config, [r for r in records if r is not None],
        pages={e.slug for e in entries if e.source in stale},
    )
    for entry in entries:
        new.entries[entry.source] = replace(entry, page=pages[entry.source])
    new.site_fingerprint = site_fp
    new.site_settings = settings_fp
    summary.site_written = True


def _page_fingerprint(entry: Entry) -> str:
    """What an episode's page is made from: its record and its article's content."""
    assert entry.record is not None
    return fingerprint((entry.record.to_dict(), entry.content_sha))


def _with_page_texts(entry: Entry, output: Path) -> EpisodeRecord:
    """The record with what its page shows beyond the manifest: the body and transcript,
    read from the episode's files."""
    assert entry.record is not None
    record = entry.record
    return replace(
        record,
        body_html=_read_or_empty(record.files.body(output)),
        transcript=_read_or_empty(safe_join(output, record.transcript_file)),
    )


def _read_or_empty(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def _site_present(output: Path) -> bool:
    return (output / FEED_NAME).is_file() and (output / INDEX_PAGE).is_file()


def _remove_unpublished(old: Manifest, new: Manifest, output: Path, summary: BuildSummary) -> None:
    """Files no published episode uses any more, and the pages of slugs no longer published.

    Only what this build (or a killed one before it) could have left behind is looked at,
    which keeps it cheap in a site of thousands: the files of the entries it replaced or
    removed, and every file of the slugs it or a killed build rebuilt or retagged."""
    published = {e.slug for e in new.entries.values() if e.record}
    kept = {_stem(e) for e in new.entries.values() if e.record is not None}
    slugs = set(new.unswept) | {
        e.slug for e in old.entries.values() if e.record is not None and _stem(e) not in kept
    }
    # A new or unreadable (older) manifest: every file that is not a published episode's
    # goes, such as an older build's episodes/<slug>.mp3.
    prefixes = ("",) if not old.entries else tuple(f"{slug}-" for slug in slugs)
    for folder in (output / EPISODES_DIR, output / BODIES_DIR) if prefixes else ():
        for path in _files(folder):
            if not path.name.startswith(prefixes):
                continue
            if content_stem_of(path.name) not in kept:
                path.unlink(missing_ok=True)
    for entry in old.entries.values():
        if entry.record is None or entry.slug in published or entry.slug in summary.removed:
            continue
        _remove_page(output, entry.slug)
        summary.removed.append(entry.slug)
    for slug in set(new.unswept) - published:
        _remove_page(output, slug)  # a page a killed build left without an entry


def _remove_page(output: Path, slug: str) -> None:
    page_dir = safe_join(output, slug)
    if page_dir.is_dir() and (page_dir / INDEX_PAGE).is_file():
        shutil.rmtree(page_dir)


def _stem(entry: Entry) -> str:
    assert entry.record is not None
    return entry.record.files.name


def _files(folder: Path) -> Iterator[Path]:
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    for item in entries:
        if item.is_file(follow_symlinks=False) and not item.name.startswith("."):
            yield Path(item.path)


# -- progress ------------------------------------------------------------------------------


class _Tracker:
    """Progress on stderr: articles done; the build's clips done, how many were cached, and
    how many workers are busy (a reader.run.RunProgress, told from the runner's threads)."""

    def __init__(self, enabled: bool, total: int) -> None:
        from ..progress import stderr_progress

        self.progress = stderr_progress("{task.fields[note]}", enabled=enabled)
        self.articles = self.progress.add_task("articles", total=total, note="")
        self.clip_task = self.progress.add_task("clips", total=None, note="")
        self._cached = 0
        self._busy = (0, 1)

    def clips(self, done: int, cached: int, total: int) -> None:
        self._cached = cached
        self.progress.update(self.clip_task, completed=done, total=total, note=self._note())

    def workers(self, busy: int, total: int) -> None:
        if (busy, total) != self._busy:
            self._busy = (busy, total)
            self.progress.update(self.clip_task, note=self._note())

    def _note(self) -> str:
        busy, total = self._busy
        return f"{self._cached} cached, {busy}/{total} workers busy"

    def article_done(self) -> None:
        self.progress.advance(self.articles)


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[_Tracker]:
    tracker = _Tracker(enabled, total)
    with tracker.progress:
        yield tracker


