"""The site phase: the feed, the index and the pages whose episode changed, written once,
at the end of a build, and only when something they show changed.

A page's fingerprint is that of what it is made from (its record and its article's
content); the site's, that of every page's and of what every page shares (the podcast, and
the site stage's own files: its code, templates and static scripts). Both are kept in the
manifest, so a build that changed nothing writes nothing, a changed episode rewrites its own
page, the index and the feed, and a changed template or script rewrites every page, with
nothing to bump by hand.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from ..fsutil import fingerprint, safe_join, sha256_file
from ..layout import FEED_NAME, INDEX_PAGE
from ..models import EpisodeRecord
from .context import BuildContext
from .manifest import Entry, Manifest

# The packages whose files shape every page and feed (found without importing them: a build
# that changed nothing never loads the site stage).
SITE_MADE_FROM = ("reader.site", "reader.locale")  # the locale: its catalogues
_EPOCH = dt.datetime.fromtimestamp(0, dt.UTC)


@dataclass(frozen=True)
class SiteWritten:
    """The site as written: every published entry with its page's fingerprint, and the
    fingerprints of the whole site and of what every page shares."""

    entries: dict[str, Entry]  # by source
    site_fingerprint: str
    site_settings: str


def write_site_once(
    manifest: Manifest, touched: set[str], ctx: BuildContext
) -> SiteWritten | None:
    """Write the site if anything on it changed; None when it did not. `touched`: the
    sources whose entry this build made or changed."""
    entries = _published(manifest.entries)
    settings_fp = fingerprint((site_code_fingerprint(), repr(ctx.podcast)))
    # An entry kept from the last build has the fingerprint of the page it has on disk; only
    # the entries this build made or changed are fingerprinted again (cheap for thousands).
    pages = {
        entry.source: entry.page
        if entry.page and entry.source not in touched
        else _page_fingerprint(entry)
        for entry in entries
    }
    site_fp = fingerprint((settings_fp, [pages[e.source] for e in entries]))
    if site_fp == manifest.site_fingerprint and _site_present(ctx.output):
        return None
    from ..site import write_site  # lazily: not imported at all when nothing changed

    every_page = settings_fp != manifest.site_settings or not _site_present(ctx.output)
    stale = {e.source for e in entries if every_page or e.page != pages[e.source]}
    records = [_with_page_texts(e, ctx.output) if e.source in stale else e.record for e in entries]
    write_site(
        ctx.output, ctx.config, [r for r in records if r is not None],
        pages={e.slug for e in entries if e.source in stale},
    )  # fmt: skip
    return SiteWritten(
        {entry.source: replace(entry, page=pages[entry.source]) for entry in entries},
        site_fp,
        settings_fp,
    )


@cache
def site_code_fingerprint() -> str:
    """Of every file of the packages the site is made from (code, templates, static
    scripts), by path and content: once per process, a few milliseconds."""
    files: list[tuple[str, str]] = []
    for package in SITE_MADE_FROM:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.submodule_search_locations
        folder = Path(next(iter(spec.submodule_search_locations)))
        files += sorted(
            (f"{package}/{path.relative_to(folder).as_posix()}", sha256_file(path))
            for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        )
    return fingerprint(files)


def _published(entries: Mapping[str, Entry]) -> list[Entry]:
    """The entries with an episode, newest first (as the feed lists them)."""
    return sorted(
        (e for e in entries.values() if e.record is not None),
        key=lambda e: (e.record.published_at, e.record.slug) if e.record else (_EPOCH, ""),
        reverse=True,
    )


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
