"""`reader build`: the whole articles folder -> episodes, feed and pages, incrementally.

Per article the manifest keeps the source's content hash and a fingerprint of every
setting that shapes its audio. An article whose hash and fingerprint are unchanged is
not even parsed; a changed one is rebuilt through the clip cache, so only its changed
sentences reach the engine. The site (feed and pages) is rewritten only when the records
or the podcast settings changed.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .audio.formats import DEFAULT_FORMAT
from .config import Config, audio_settings_for, load_config
from .errors import ConfigError, UserError
from .fsutil import safe_join, write_bytes_atomic
from .manifest import Entry, Manifest, fingerprint, sha256_file
from .models import EpisodeFiles

if TYPE_CHECKING:
    from .models import Article, ArticleMeta, Episode, EpisodeRecord, Script
    from .speech.plan import SpeechCounts

log = logging.getLogger(__name__)

EPISODES_DIR = "episodes"
LOCK_NAME = ".build.lock"
# Bump when the site templates or feed layout change, so sites are rewritten once.
SITE_FORMAT = 1

Report = Callable[[str], None]


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


@dataclass
class _Pending:
    """An article that must be (re)built: loaded and scripted, waiting for speech."""

    source: str
    content_sha: str
    article: Article
    script: Script


@dataclass(frozen=True)
class _Cover:
    """An article's own cover (front matter `image:`), checked and converted like the
    podcast's: published as episodes/<slug>.jpg beside its MP3."""

    source: str  # relative to the articles folder
    sha: str
    jpeg: bytes


def build_site(
    articles: Path | None,
    output: Path,
    config_path: Path,
    *,
    engine: str | None = None,
    voice: str | None = None,
    show_progress: bool = True,
    report: Report | None = None,
) -> BuildSummary:
    """Build every article under `articles` into `output`. Returns what happened.

    `articles` None: the config's `[articles] folder`, else ./articles.

    Config errors stop the build before any synthesis; a bad article is reported through
    `report` (one line each, default: stderr) and the others are still built.
    """
    config = load_config(config_path)
    if config.podcast is None:
        raise ConfigError("[podcast] section is required for `reader build`", path=config_path)
    if articles is None:
        articles = config.articles
    if not articles.is_dir():
        raise UserError("no such folder of articles", path=articles)
    try:
        _make_output(output)
        with _exclusive(output):
            _remove_stale_temporaries(output)
            builder = _Builder(
                config, articles, output, engine, voice, show_progress, report or _stderr_line
            )
            return builder.run()
    except OSError as exc:
        # A full disk or a read-only folder: one line naming what could not be written.
        # Every file is renamed into place only once complete, so the old site is intact.
        where = exc.filename or output
        raise UserError(f"cannot write: {exc.strerror or exc}", path=where) from exc


def _stderr_line(message: str) -> None:
    print(message, file=sys.stderr)


def _make_output(output: Path) -> None:
    try:
        (output / EPISODES_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create the output folder: {exc.strerror}", path=output) from exc


@contextmanager
def _exclusive(output: Path) -> Iterator[None]:
    """One build per output folder at a time; a second one stops with a clear message."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(output / LOCK_NAME), timeout=0)
    try:
        lock.acquire()
    except Timeout as exc:
        raise UserError(
            "another `reader build` is writing this folder; wait for it to finish", path=output
        ) from exc
    try:
        yield
    finally:
        lock.release()


def _remove_stale_temporaries(output: Path) -> None:
    """Temporary files of a build that was killed (atomic writes never reached the rename)."""
    for pattern in (".*.tmp", "*/.*.tmp"):  # the site root, episodes/ and the page folders
        for tmp in output.glob(pattern):
            tmp.unlink(missing_ok=True)


class _Builder:
    def __init__(
        self,
        config: Config,
        articles: Path,
        output: Path,
        engine: str | None,
        voice: str | None,
        show_progress: bool,
        report: Report,
    ) -> None:
        assert config.podcast is not None
        self.config = config
        self.podcast = config.podcast
        self.articles = articles
        self.output = output
        self.engine = engine
        self.voice = voice
        self.show_progress = show_progress
        self.report = report
        self.summary = BuildSummary()
        self.now = dt.datetime.now(dt.UTC)  # once, so one build sees one schedule
        self.old = Manifest.load(output)
        self.new = Manifest()
        self.audio_fingerprint = self._audio_fingerprint()
        self.tags_fingerprint = fingerprint(
            self.podcast.title,  # the ID3 album tag
            sha256_file(self.podcast.image) if self.podcast.image else None,
        )

    # -- planning ---------------------------------------------------------------------

    def _audio_fingerprint(self) -> str:
        """Everything outside the article file that changes what its episode sounds like."""
        lexicon = self.config.lexicon_path
        return fingerprint(
            self.config.audio.fingerprint(),
            self.engine,
            self.voice,
            sha256_file(lexicon) if lexicon.is_file() else None,
        )

    def run(self) -> BuildSummary:
        pending = self._plan()
        self._claim_slugs(pending)
        self._synthesise(pending)
        self._remove_unpublished()
        self._write_site()
        self.new.save(self.output)
        self.report(self.summary.line())
        return self.summary

    def _plan(self) -> list[_Pending]:
        """Sort sources into unchanged (kept from the manifest) and pending (to build)."""
        from .discover import discover

        pending: list[_Pending] = []
        for found in discover(self.articles):
            path, source = found.path, found.relative
            try:
                content_sha = sha256_file(path)
            except OSError as exc:
                self._fail(path, f"cannot read: {exc.strerror}")
                continue
            entry = self.old.entries.get(source)
            if entry and self._is_current(entry, content_sha):
                self.new.entries[source] = self._retagged(entry)
                (self.summary.unchanged if entry.record else self.summary.drafts).append(source)
                continue
            loaded = self._load(path, source, content_sha, in_drafts=found.in_drafts)
            if loaded is not None:
                pending.append(loaded)
        return pending

    def _is_current(self, entry: Entry, content_sha: str) -> bool:
        if entry.content_sha != content_sha or entry.fingerprint != self.audio_fingerprint:
            return False
        if entry.schedule_changes(self.now):
            return False  # its publishDate came, or its expiryDate passed
        if entry.record is None:
            return True
        if entry.image_source is not None and entry.image_sha != self._sha_or_none(
            self.articles / entry.image_source
        ):
            return False  # a new picture under the same name
        return (self.output / entry.record.audio_file).is_file()

    @staticmethod
    def _sha_or_none(path: Path) -> str | None:
        try:
            return sha256_file(path)
        except OSError:
            return None

    def _retagged(self, entry: Entry) -> Entry:
        """An unchanged episode whose podcast title or cover changed: new tags, same audio."""
        if entry.record is None or entry.tags_fingerprint == self.tags_fingerprint:
            return entry
        from .episode import retag_episode
        from .models import date_from_iso

        record = entry.record
        size = retag_episode(
            safe_join(self.output, record.audio_file),
            title=record.title,
            artist=record.author,
            album=self.podcast.title,
            date=date_from_iso(record.date),
            lang=record.lang,
            cover=safe_join(self.output, record.image) if record.image else self.podcast.image,
            chapters=record.chapters,
            keywords=record.keywords,
        )
        new_record = replace(record, size_bytes=size)
        return replace(entry, record=new_record, tags_fingerprint=self.tags_fingerprint)

    def _load(
        self, path: Path, source: str, content_sha: str, *, in_drafts: bool
    ) -> _Pending | None:
        from .load import load_article
        from .script import make_script

        try:
            article = load_article(path)
            meta = article.meta
            if in_drafts or not meta.is_live(self.now):
                self.new.entries[source] = Entry(
                    source, content_sha, self.audio_fingerprint, meta.slug, None,
                    self.tags_fingerprint,
                    schedule=None if in_drafts else _schedule(meta),
                )
                self.summary.drafts.append(source)
                return None
            return _Pending(source, content_sha, article, make_script(article))
        except UserError as exc:
            self._fail(path, str(exc))
            self._keep_previous(source)
            return None

    def _claim_slugs(self, pending: list[_Pending]) -> None:
        """Each slug belongs to one article: the one that already has it, else the first
        in file order. Later claimants fail; nothing published is overwritten."""
        owners = {e.slug: e.source for e in self.new.entries.values() if e.record}
        for item in list(pending):
            slug = item.article.meta.slug
            owner = owners.get(slug)
            if owner is not None and owner != item.source:
                pending.remove(item)
                self._fail(
                    self.articles / item.source,
                    f"slug {slug!r} is already used by {owner}; set another `slug:`",
                )
                self._keep_previous(item.source)
            else:
                owners[slug] = item.source

    def _keep_previous(self, source: str) -> None:
        """A broken edit keeps the last good episode published (bad input never loses work)."""
        previous = self.old.entries.get(source)
        if previous is not None:
            self.new.entries[source] = previous

    def _fail(self, path: Path, message: str) -> None:
        """Report one failed article in one line that names it. Loader errors already start
        with the file; engine and ffmpeg errors name a voice or the network instead."""
        line = message if message.startswith(f"{path}:") else f"{path}: {message}"
        self.summary.failed.append(line)
        self.report(f"error: {line}")

    # -- speech -----------------------------------------------------------------------

    def _synthesise(self, pending: list[_Pending]) -> None:
        if not pending:
            return
        from .speech.plan import SpeechCounts  # numpy: not for builds with nothing to do
        with _progress(self.show_progress, len(pending)) as tracker:
            for item in pending:
                tracker.start_article(item.article.meta.slug)
                counts = SpeechCounts()
                try:
                    cover = self._own_cover(item)
                    episode = self._speak(item, tracker.pieces, counts, cover)
                except UserError as exc:
                    self._fail(self.articles / item.source, str(exc))
                    self._keep_previous(item.source)
                    continue
                finally:
                    tracker.finish_article()
                    # Pieces spoken before a failure are in the cache: they count too.
                    self.summary.synthesized += counts.synthesized
                self._publish(item, episode, cover)

    def _own_cover(self, item: _Pending) -> _Cover | None:
        """The article's `image:`, a path relative to the article inside the articles folder
        (ConfigError naming it when it is outside, unreadable or not a podcast cover)."""
        name = item.article.meta.image
        if name is None:
            return None
        from .site.cover import configured_cover

        source = safe_join(self.articles, *Path(item.source).parent.parts, *Path(name).parts)
        jpeg = configured_cover(source, setting=f"image: {name}")
        relative = source.relative_to(self.articles.resolve()).as_posix()
        return _Cover(relative, sha256_file(source), jpeg)

    def _speak(
        self,
        item: _Pending,
        progress: Callable[[int, int, int], None],
        counts: SpeechCounts,
        cover: _Cover | None,
    ) -> Episode:
        from .speak import make_episode

        meta = item.article.meta
        settings = audio_settings_for(self.config, meta, engine=self.engine, voice=self.voice)
        mp3 = safe_join(self.output, self._files_for(meta.slug).audio)
        speak = partial(
            make_episode, item.script, mp3, settings, album=self.podcast.title,
            lexicon_path=self.config.lexicon_path, cache_dir=self.config.cache_dir,
            progress=progress, counts=counts,
        )  # fmt: skip
        if cover is None:
            return speak(cover=self.podcast.image)
        # The cover is published only once its episode is: a failed episode leaves the last
        # good one's cover as it was. Until then the tags take it from a temporary file.
        with tempfile.TemporaryDirectory(prefix="reader-cover-") as folder:
            staged = Path(folder) / "cover.jpg"
            staged.write_bytes(cover.jpeg)
            episode = speak(cover=staged)
        write_bytes_atomic(self._own_cover_file(meta.slug), cover.jpeg)
        return episode

    @staticmethod
    def _files_for(slug: str) -> EpisodeFiles:
        """Where an article's episode is published: its audio, and the files named from it."""
        return EpisodeFiles(f"{EPISODES_DIR}/{slug}{DEFAULT_FORMAT.suffix}")

    def _own_cover_file(self, slug: str) -> Path:
        return safe_join(self.output, self._files_for(slug).cover)

    def _publish(self, item: _Pending, episode: Episode, cover: _Cover | None) -> None:
        cover_file = self._own_cover_file(item.article.meta.slug)
        image = cover_file.relative_to(self.output.resolve()).as_posix() if cover else None
        record = _record(item.article, episode, self.output, image)
        replaced = self.old.entries.get(item.source)
        self.new.entries[item.source] = Entry(
            item.source, item.content_sha, self.audio_fingerprint, record.slug, record,
            self.tags_fingerprint,
            image_source=cover.source if cover else None, image_sha=cover.sha if cover else None,
            schedule=_schedule(item.article.meta),
        )  # fmt: skip
        if cover is None:
            cover_file.unlink(missing_ok=True)  # it dropped its own cover: no leftover
        self.summary.built.append(item.source)
        self.new.save(self.output)
        if replaced is not None and replaced.record is not None:
            # The old feed announces the old file's length; refresh it now so a build
            # killed later never leaves a feed that disagrees with a replaced episode.
            self._write_site(force=True)

    # -- cleanup and site -------------------------------------------------------------

    def _remove_unpublished(self) -> None:
        published = {e.slug for e in self.new.entries.values() if e.record}
        for entry in self.old.entries.values():
            if entry.record is None or entry.slug in published:
                continue
            for path in _episode_files(self.output, entry.record):
                path.unlink(missing_ok=True)
            page_dir = safe_join(self.output, entry.slug)
            if page_dir.is_dir():
                shutil.rmtree(page_dir)
            self.summary.removed.append(entry.slug)

    def _write_site(self, *, force: bool = False) -> None:
        records = sorted(
            self.new.records(), key=lambda r: (r.published_at, r.slug), reverse=True
        )
        site_fp = fingerprint(
            SITE_FORMAT, repr(self.podcast), [r.to_dict() for r in records]
        )
        if not force and site_fp == self.old.site_fingerprint and self._site_present():
            self.new.site_fingerprint = site_fp
            return
        from .site import write_site  # not imported at all when nothing changed

        write_site(self.output, self.config, records)
        self.new.site_fingerprint = site_fp
        self.summary.site_written = True

    def _site_present(self) -> bool:
        return (self.output / "feed.xml").is_file() and (self.output / "index.html").is_file()


def _episode_files(output: Path, record: EpisodeRecord) -> list[Path]:
    return [safe_join(output, name) for name in record.files.all()]


def _record(
    article: Article, episode: Episode, output: Path, image: str | None
) -> EpisodeRecord:
    from .models import EpisodeRecord

    meta = article.meta
    return EpisodeRecord(
        slug=meta.slug,
        title=meta.title,
        date=meta.date.isoformat(),
        description=meta.description,
        author=meta.author,
        lang=meta.lang,
        explicit=meta.explicit,
        audio_file=episode.mp3_path.resolve().relative_to(output.resolve()).as_posix(),
        size_bytes=episode.size_bytes,
        duration_ms=episode.duration_ms,
        chapters=episode.chapters,
        body_html=article.body_html,
        transcript=episode.transcript_path.read_text(encoding="utf-8"),
        image=image,
        keywords=meta.keywords,
    )


def _schedule(meta: ArticleMeta) -> tuple[str | None, str | None] | None:
    """An article's publishDate / expiryDate as the manifest keeps them (None: neither)."""
    if meta.draft or (meta.publish_date is None and meta.expiry_date is None):
        return None
    from .models import as_moment

    start, end = meta.publish_date, meta.expiry_date
    return (
        as_moment(start).isoformat() if start is not None else None,
        as_moment(end).isoformat() if end is not None else None,
    )


class _Tracker:
    """Progress over articles and over the pieces of the current article (stderr)."""

    def __init__(self, enabled: bool, total: int) -> None:
        from .progress import stderr_progress

        self.progress = stderr_progress("{task.fields[note]}", enabled=enabled)
        self.articles = self.progress.add_task("articles", total=total, note="")
        self.current = self.progress.add_task("pieces", total=None, note="", visible=False)

    def start_article(self, slug: str) -> None:
        self.progress.update(
            self.current, description=f"  {slug}", completed=0, total=None, visible=True
        )

    def pieces(self, done: int, cached: int, total: int) -> None:
        note = f"{cached} cached, {total - done} left"
        self.progress.update(self.current, completed=done, total=total, note=note)

    def finish_article(self) -> None:
        self.progress.update(self.current, visible=False)
        self.progress.advance(self.articles)


@contextmanager
def _progress(enabled: bool, total: int) -> Iterator[_Tracker]:
    tracker = _Tracker(enabled, total)
    with tracker.progress:
        yield tracker


__all__ = ["BuildSummary", "build_site"]
