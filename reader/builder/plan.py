"""What a build will do, decided before any of it is done: a pure function of the old
manifest, the sources as found on disk and the build's settings.

Each article ends up in exactly one group: unchanged (kept as it is), retag (same audio,
new podcast title or cover: only the ID3 tags change), rebuild (new or changed: spoken
through the clip cache and encoded), draft (recorded, never published), held (with
`[publish] require_approval`: new or changed since its approval in `reader studio`; its
last approved episode stays published), or failed (with the reason; its last good episode
stays published). Published episodes whose article is gone, became a draft or is held with
no approved episode are removed. No audio, no files: a unit test checks it directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Article, ArticleMeta, Script, as_moment
from .approvals import Approvals, script_fingerprint
from .manifest import Entry, Manifest


@dataclass(frozen=True)
class BuildSettings:
    """The settings every article's entry is compared with."""

    audio_fingerprint: str  # everything outside the article that shapes its audio
    tags_fingerprint: str  # the podcast title and cover: only the ID3 tags
    now: dt.datetime  # once, so one build sees one schedule (publishDate, expiryDate)
    language: str | None = None  # the podcast's: spoken by articles that do not say theirs
    # [publish] require_approval: the approvals an article must have to be published; None
    # when approval is not required.
    approvals: Approvals | None = None


@dataclass(frozen=True)
class Source:
    """One article file as the build found it (reader.builder.sources.survey)."""

    source: str  # path relative to the articles folder
    content_sha: str | None = None  # None: it could not be read
    in_drafts: bool = False  # under Jekyll's _drafts: a draft whatever its front matter
    error: str | None = None  # why it cannot be built (one line naming the file)
    # Loaded and scripted only when its manifest entry is not current.
    article: Article | None = None
    script: Script | None = None
    # About the published episode of its manifest entry, if any:
    image_sha: str | None = None  # the hash of its own cover's source picture now
    audio_present: bool = False  # its MP3 is still in the output folder


@dataclass(frozen=True)
class Rebuild:
    """A new or changed article: spoken (through the clip cache), encoded, published."""

    source: str
    content_sha: str
    article: Article
    script: Script
    replaces: Entry | None  # its previous entry, kept published if the rebuild fails


@dataclass(frozen=True)
class Draft:
    """Not published now: a draft, or outside its publishDate / expiryDate."""

    source: str
    content_sha: str
    slug: str
    schedule: tuple[str | None, str | None] | None = None


@dataclass(frozen=True)
class Held:
    """New or changed since its approval: not published until approved again."""

    source: str
    slug: str
    keep: Entry | None  # its last approved episode, still published


@dataclass(frozen=True)
class Failure:
    source: str
    reason: str  # one line; names the file when the reason came from the loader
    keep: Entry | None  # the last good entry, still published


@dataclass(frozen=True)
class BuildPlan:
    unchanged: tuple[Entry, ...] = ()  # drafts that did not change are here too
    retag: tuple[Entry, ...] = ()
    rebuild: tuple[Rebuild, ...] = ()
    drafts: tuple[Draft, ...] = ()
    remove: tuple[Entry, ...] = ()  # published episodes no article publishes any more
    failed: tuple[Failure, ...] = ()
    held: tuple[Held, ...] = ()  # awaiting approval

    @property
    def has_work(self) -> bool:
        return bool(self.retag or self.rebuild or self.drafts or self.remove or self.failed
                    or self.held)


def is_current(entry: Entry, found: Source, settings: BuildSettings) -> bool:
    """The entry still describes what building `found` would make (tags aside)."""
    if entry.content_sha != found.content_sha or entry.fingerprint != settings.audio_fingerprint:
        return False
    if entry.schedule_changes(settings.now):
        return False  # its publishDate came, or its expiryDate passed
    if entry.record is None:
        return True
    if entry.image_source is not None and entry.image_sha != found.image_sha:
        return False  # a new picture under the same name
    return found.audio_present


def plan_build(old: Manifest, sources: Sequence[Source], settings: BuildSettings) -> BuildPlan:
    """Sort every source (in file order) into what the build must do with it."""
    unchanged: list[Entry] = []
    retag: list[Entry] = []
    drafts: list[Draft] = []
    failed: list[Failure] = []
    held: list[Held] = []
    pending: list[Source] = []
    # Each slug belongs to one article: the one that already publishes it, else the first
    # in file order. Later claimants fail; nothing published is overwritten.
    owners: dict[str, str] = {}
    for found in sources:
        entry = old.entries.get(found.source)
        if found.error is not None or found.content_sha is None:
            failed.append(Failure(found.source, found.error or "cannot read", entry))
            if entry is not None and entry.record is not None:
                owners[entry.slug] = found.source
        elif (waiting := _held(found, entry, settings)) is not None:
            held.append(waiting)
            if waiting.keep is not None:
                owners[waiting.keep.slug] = found.source
        elif entry is not None and is_current(entry, found, settings):
            stale_tags = entry.record is not None and (
                entry.tags_fingerprint != settings.tags_fingerprint
            )
            (retag if stale_tags else unchanged).append(entry)
            if entry.record is not None:
                owners[entry.slug] = found.source
        elif found.article is not None and (
            found.in_drafts or not found.article.meta.is_live(settings.now)
        ):
            meta = found.article.meta
            schedule = None if found.in_drafts else schedule_of(meta)
            drafts.append(Draft(found.source, found.content_sha, meta.slug, schedule))
        else:
            pending.append(found)

    rebuild: list[Rebuild] = []
    for found in pending:
        assert found.article is not None and found.script is not None
        assert found.content_sha is not None
        slug = found.article.meta.slug
        owner = owners.get(slug)
        previous = old.entries.get(found.source)
        if owner is not None and owner != found.source:
            reason = f"slug {slug!r} is already used by {owner}; set another `slug:`"
            failed.append(Failure(found.source, reason, previous))
            continue
        owners[slug] = found.source
        rebuild.append(
            Rebuild(found.source, found.content_sha, found.article, found.script, previous)
        )

    present = {found.source for found in sources}
    unpublished = {draft.source for draft in drafts} | {h.source for h in held if h.keep is None}
    remove = tuple(
        entry
        for source, entry in old.entries.items()
        if entry.record is not None and (source not in present or source in unpublished)
    )
    return BuildPlan(
        tuple(unchanged), tuple(retag), tuple(rebuild), tuple(drafts), remove, tuple(failed),
        tuple(held),
    )


def _held(found: Source, entry: Entry | None, settings: BuildSettings) -> Held | None:
    """With approvals required, a publishable article whose script is not the approved one
    waits (keeping its last approved episode); None: build it as usual."""
    approvals = settings.approvals
    if approvals is None:
        return None
    if found.article is not None:
        if found.in_drafts or not found.article.meta.is_live(settings.now):
            return None  # a draft is never published anyway
        if found.script is None:
            return None
        slug, script = found.article.meta.slug, script_fingerprint(found.script)
    elif entry is not None and entry.record is not None:
        slug, script = entry.slug, entry.script  # unchanged since built: not loaded again
    else:
        return None  # an unchanged draft
    if approvals.approves(slug, script):
        return None
    approved = entry is not None and entry.record is not None and approvals.approves(
        entry.slug, entry.script
    )
    return Held(found.source, slug, entry if approved else None)


def schedule_of(meta: ArticleMeta) -> tuple[str | None, str | None] | None:
    """An article's publishDate / expiryDate as the manifest keeps them (None: neither)."""
    if meta.draft or (meta.publish_date is None and meta.expiry_date is None):
        return None
    start, end = meta.publish_date, meta.expiry_date
    return (
        as_moment(start).isoformat() if start is not None else None,
        as_moment(end).isoformat() if end is not None else None,
    )
