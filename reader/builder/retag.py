"""The retag phase: unchanged episodes whose podcast title or cover changed get new tags,
the same audio, in a new content-named file (the feed on disk still announces the old one,
which stays until the sweep)."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

from ..audio.formats import episode_format
from ..fsutil import atomic_path, crash_point, safe_join, sha256_file
from ..layout import EpisodeFiles
from ..models import date_from_iso
from .context import BuildContext
from .manifest import Entry


def retag_episodes(
    entries: tuple[Entry, ...], ctx: BuildContext, staging: Path
) -> dict[str, Entry]:
    """Each entry retagged, by source."""
    return {entry.source: _retagged(entry, ctx, staging) for entry in entries}


def _retagged(entry: Entry, ctx: BuildContext, staging: Path) -> Entry:
    assert entry.record is not None
    record = entry.record
    old = record.files
    old_audio = safe_join(ctx.output, old.audio)
    staging.mkdir(parents=True, exist_ok=True)
    staged = staging / f"retag{old_audio.suffix}"
    shutil.copyfile(old_audio, staged)
    episode_format(old.audio).write_tags(
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
