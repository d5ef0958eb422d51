"""The import sources `reader import` knows, one line each (a new one: a module with
`looks_like(head)` and `read(source, options)`, and a line here).

A SOURCE is told by its first bytes, not its name: WordPress exports are RSS files with
wp: fields, so WordPress is asked before the plain feed. An http(s) address is a feed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserError
from . import ImportOptions, Post, Skipped
from .fetch import is_url

HEAD_BYTES = 4096


@dataclass(frozen=True)
class Importer:
    name: str
    module: str  # reader.importers.<module>: looks_like(head: bytes) and read(source, options)
    describes: str

    def looks_like(self, head: bytes) -> bool:
        return bool(self._module().looks_like(head))

    def read(self, source: str, options: ImportOptions) -> Iterator[Post | Skipped]:
        read: Callable[[str, ImportOptions], Iterator[Post | Skipped]] = self._module().read
        return read(source, options)

    def _module(self) -> Any:
        # Imported when used: the feed importer brings feedparser and trafilatura.
        return importlib.import_module(f"{__package__}.{self.module}")


IMPORTERS: tuple[Importer, ...] = (
    Importer("wordpress", "wordpress", "a WordPress export (WXR, Tools → Export)"),
    Importer("ghost", "ghost", "a Ghost JSON export"),
    Importer("feed", "feed", "an RSS or Atom feed, a file or an http(s) URL"),
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
