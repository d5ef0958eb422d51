"""The site's files as publishing sees them: key, content hash, and how each must be served.

One place decides, per file, its content type, its cache lifetime and its phase in the
upload order, so every target sends the same headers and in the same order.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from pathlib import Path, PurePosixPath

from ..audio.formats import format_of
from ..content_types import FEED_TYPE, SITE_TYPES
from ..errors import UserError
from ..fsutil import safe_join, sha256_file
from ..layout import EPISODES_DIR, FEED_NAME, EpisodeFiles, content_hash, is_feed


class Phase(IntEnum):
    """Upload order. A subscriber's app must never find a feed naming a file that is not
    there yet, so the feed goes last and the media it names go first."""

    MEDIA = 0  # episodes/: MP3s and their sidecars (transcripts, chapters, covers)
    PAGES = 1  # pages, the podcast cover, page assets
    FEED = 2  # the feed(s)


# Episode files named by their content never change under the same name, so caches and
# CDNs may keep them for a year: an audio file whose name's hash8 (reader.layout) begins its
# own SHA-256, and every file of the same episode (EpisodeFiles.all: the sidecars, the
# read-along's timing, its own cover). The hash is checked against the audio itself, so a
# slug that merely ends in 8 hex digits ("notes-20240101") is not mistaken for one.
# Everything else (feed, pages, cover, files named by slug only) can change under its name:
# a short lifetime.
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"

# Data from a remote manifest is not trusted: a key is a relative POSIX path of plain parts.
_BAD_PART = re.compile(r"[\x00-\x1f\x7f\\]")


@dataclass(frozen=True)
class SiteFile:
    """One file of the built site."""

    key: str  # POSIX path relative to the site root; also the remote name under the target
    path: Path
    sha256: str
    size: int
    immutable: bool = False  # named by its content (see content_named)

    @property
    def content_type(self) -> str:
        return content_type(self.key)

    @property
    def cache_control(self) -> str:
        return IMMUTABLE if self.immutable else SHORT

    @property
    def phase(self) -> Phase:
        return phase(self.key)


def content_type(key: str) -> str:
    if is_feed(key):
        return FEED_TYPE
    name = key.rsplit("/", 1)[-1].lower()
    for suffix in sorted(SITE_TYPES, key=len, reverse=True):  # .chapters.json before .json
        if name.endswith(suffix):
            return SITE_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def content_named(files: Sequence[SiteFile]) -> frozenset[str]:
    """Keys of the files named by their content: every file of an episode whose audio
    file's name claims a hash8 that begins the audio's SHA-256."""
    named: set[str] = set()
    for file in files:
        if posixpath.dirname(file.key) != EPISODES_DIR or format_of(file.key) is None:
            continue
        episode = EpisodeFiles(file.key)
        claimed = content_hash(episode)
        if claimed is not None and file.sha256.startswith(claimed):
            named.update(episode.all())
    return frozenset(file.key for file in files if file.key in named)


def phase(key: str) -> Phase:
    if is_feed(key):
        return Phase.FEED
    if key.startswith(EPISODES_DIR + "/"):
        return Phase.MEDIA
    return Phase.PAGES


def is_safe_key(key: str) -> bool:
    """A key that stays under the target's folder or prefix, whatever the target does with it."""
    if not key or key.startswith("/") or _BAD_PART.search(key):
        return False
    parts = key.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def check_key(key: str, where: str) -> str:
    if not is_safe_key(key):
        raise UserError(f"refusing file name {key!r}: it would leave the target", path=where)
    return key


def scan_site(output: Path) -> list[SiteFile]:
    """Every file to publish, sorted by key. Hidden files and folders (the build's manifest
    and lock, temporaries of a killed build) are the build's own and stay local."""
    if not output.is_dir():
        raise UserError("no such folder; run `reader build` first", path=output)
    if not (output / FEED_NAME).is_file():
        raise UserError(f"has no {FEED_NAME}: not a built site; run `reader build` first",
                        path=output)
    files: list[SiteFile] = []
    for path in sorted(output.rglob("*")):
        relative = PurePosixPath(path.relative_to(output).as_posix())
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        key = check_key(str(relative), str(output))
        real = safe_join(output, *relative.parts)  # a symlink out of the site is refused
        files.append(SiteFile(key=key, path=real, sha256=sha256_file(real),
                              size=real.stat().st_size))
    immutable = content_named(files)
    return [replace(file, immutable=True) if file.key in immutable else file for file in files]

