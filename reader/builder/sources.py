"""The articles folder as the planner needs it: each source's hash, and the changed ones
loaded and scripted (an unchanged article is not even parsed). Which files are articles is
reader.load.discover's business."""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from ..fsutil import sha256_file
from .manifest import Manifest
from .plan import BuildSettings, Source, is_current


def survey(
    articles: Path, output: Path, old: Manifest, settings: BuildSettings
) -> list[Source]:
    """Every article under `articles` (reader.load.discover), in order, as the planner sees it."""
    from ..load.discover import discover

    return [
        _found(found.path, found.relative, found.in_drafts, articles, output, old, settings)
        for found in discover(articles)
    ]


def _found(
    path: Path,
    source: str,
    in_drafts: bool,
    articles: Path,
    output: Path,
    old: Manifest,
    settings: BuildSettings,
) -> Source:
    try:
        content_sha = sha256_file(path)
    except OSError as exc:
        return Source(source, error=_named(path, f"cannot read: {exc.strerror}"))
    entry = old.entries.get(source)
    found = Source(source, content_sha, in_drafts)
    if entry is not None and entry.record is not None:
        image_sha = (
            _sha_or_none(articles / entry.image_source) if entry.image_source else None
        )
        found = Source(
            source, content_sha, in_drafts, image_sha=image_sha,
            audio_present=(output / entry.record.audio_file).is_file(),
        )  # fmt: skip
    if entry is not None and is_current(entry, found, settings) and (
        settings.approvals is None or entry.record is None or entry.script
    ):  # with approvals required, an episode whose script is unknown is looked at again
        return found
    return _loaded(path, found, settings.language)


def _loaded(path: Path, found: Source, language: str | None) -> Source:
    from ..load import load_article
    from ..script import make_script

    try:
        article = load_article(path, language)
        script = None if article.meta.draft or found.in_drafts else make_script(article)
    except UserError as exc:
        return Source(found.source, found.content_sha, error=_named(path, str(exc)))
    return Source(
        found.source, found.content_sha, found.in_drafts, article=article, script=script,
        image_sha=found.image_sha, audio_present=found.audio_present,
    )  # fmt: skip


def _named(path: Path, message: str) -> str:
    """One line that names the article. Loader errors already start with the file; engine
    and ffmpeg errors name a voice or the network instead."""
    return message if message.startswith(f"{path}:") else f"{path}: {message}"


def _sha_or_none(path: Path) -> str | None:
    try:
        return sha256_file(path)
    except OSError:
        return None
