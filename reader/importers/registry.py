"""The import sources `reader import` knows, one line each (a new one: a module with
`looks_like(head)` and `read(source, options)`, and a line here naming them as
"module:function", reader.registry's references).

A SOURCE is told by its first bytes, not its name: WordPress exports are RSS files with
wp: fields, so WordPress is asked before the plain feed. An http(s) address is a feed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..registry import load
from . import ImportOptions, Post, Skipped
from .fetch import is_url

HEAD_BYTES = 4096


@dataclass(frozen=True)
class Importer:
    name: str
    # Imported when used (the feed importer brings feedparser and trafilatura):
    recognises: str  # "module:function": (head: bytes) -> whether a source is this format
    reads: str  # "module:function": (source, options) -> its posts
    describes: str

    def looks_like(self, head: bytes) -> bool:
        return bool(load(__package__, self.recognises)(head))

    def read(self, source: str, options: ImportOptions) -> Iterator[Post | Skipped]:
        read: Callable[[str, ImportOptions], Iterator[Post | Skipped]] = load(
            __package__, self.reads
        )
        return read(source, options)


IMPORTERS: tuple[Importer, ...] = (
    Importer("wordpress", "wordpress:looks_like", "wordpress:read",
             "a WordPress export (WXR, Tools → Export)"),
    Importer("ghost", "ghost:looks_like", "ghost:read", "a Ghost JSON export"),
    Importer("feed", "feed:looks_like", "feed:read",
             "an RSS or Atom feed, a file or an http(s) URL"),
)
_BY_NAME = {importer.name: importer for importer in IMPORTERS}


def importer_for(source: str) -> Importer:
    """The importer whose format `source` is in; UserError naming it if none."""
    if is_url(source):
        return _BY_NAME["feed"]
    try:
        with Path(source).open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", path=source) from exc
    for importer in IMPORTERS:
        if importer.looks_like(head):
            return importer
    known = "; ".join(importer.describes for importer in IMPORTERS)
    raise UserError(f"is none of the formats reader import reads ({known})", path=source)
