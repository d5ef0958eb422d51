"""The sweep, last: the files no published episode uses any more, and the pages of slugs
no longer published. It runs only once the new feed is in place, so a build killed at any
instant leaves a feed whose every file exists.

What to sweep is decided from the plan (a pure function, `plan_sweep`); only what this
build, or a killed one before it, could have left behind is looked at, which keeps it
cheap in a site of thousands: the files of the slugs rebuilt, retagged or removed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..fsutil import safe_join
from ..layout import BODIES_DIR, EPISODES_DIR, INDEX_PAGE, content_stem_of
from .manifest import Entry, Manifest
from .plan import BuildPlan


@dataclass(frozen=True)
class Sweep:
    keep: frozenset[str]  # content stems of the published episodes
    # Slugs whose other files go; None: every file that is not a published episode's (an
    # older or unreadable manifest, which cannot say what an earlier build left).
    slugs: frozenset[str] | None
    gone: tuple[str, ...]  # slugs no longer published: their pages go
    orphans: frozenset[str]  # unpublished slugs a killed build may have left a page for


def plan_sweep(
    plan: BuildPlan, old: Manifest, new: Mapping[str, Entry], unswept: list[str]
) -> Sweep:
    """What to remove, given the plan, the last build's manifest, the new entries and the
    slugs a killed build left unswept (with this build's rebuilt and retagged ones)."""
    published = {e.slug for e in new.values() if e.record is not None}
    keep = frozenset(_stem(e) for e in new.values() if e.record is not None)
    removed = [e for e in plan.remove if _stem(e) not in keep]
    # An episode that replaces one under another slug (its article's slug changed) leaves
    # that slug unpublished as surely as a removed article does.
    replaced = [item.replaces for item in plan.rebuild if item.replaces is not None]
    gone = {
        entry.slug: None
        for entry in sorted((*plan.remove, *replaced), key=lambda e: e.source)
        if entry.record is not None and entry.slug not in published
    }
    return Sweep(
        keep=keep,
        slugs=frozenset((*unswept, *(e.slug for e in removed))) if old.entries else None,
        gone=tuple(gone),
        orphans=frozenset(unswept) - published,
    )


def sweep(output: Path, plan: Sweep) -> list[str]:
    """Remove what `plan` says; returns the slugs no longer published."""
    prefixes = ("",) if plan.slugs is None else tuple(f"{slug}-" for slug in plan.slugs)
    for folder in (output / EPISODES_DIR, output / BODIES_DIR) if prefixes else ():
        for path in _files(folder):
            if path.name.startswith(prefixes) and content_stem_of(path.name) not in plan.keep:
                path.unlink(missing_ok=True)
    for slug in (*plan.gone, *sorted(plan.orphans)):
        _remove_page(output, slug)
    return list(plan.gone)


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
