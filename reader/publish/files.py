"""The site's files as publishing sees them: key, content hash, and how each must be served.

One place decides, per file, its content type, its cache lifetime and its phase in the
upload order, so every target sends the same headers and in the same order.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from pathlib import Path, PurePosixPath

from ..audio.formats import BY_SUFFIX
from ..content_types import FEED_TYPE, SITE_TYPES
from ..errors import UserError
from ..fsutil import safe_join
from ..models import OWN_COVER_SUFFIX, SIDECAR_SUFFIXES

FEED_KEY = "feed.xml"
MEDIA_DIR = "episodes"


class Phase(IntEnum):
    """Upload order. A subscriber's app must never find a feed naming a file that is not
    there yet, so the feed goes last and the media it names go first."""

    MEDIA = 0  # episodes/: MP3s and their sidecars (transcripts, chapters, covers)
    PAGES = 1  # pages, the podcast cover, page assets
    FEED = 2  # feed.xml



# Episode files named by their content never change under the same name, so caches and
# CDNs may keep them for a year. The build names them episodes/<slug>-<hash8>.<suffix>, hash8
# being the first 8 hex digits of the audio file's SHA-256 (sidecars share its name); the
# hash is checked against the audio itself, so a slug that merely ends in 8 hex digits
# ("notes-20240101") is not mistaken for one. Everything else (feed, pages, cover, files
# named by slug only) can change under its name: a short lifetime.
_EPISODE_SUFFIXES = (*BY_SUFFIX, *SIDECAR_SUFFIXES, OWN_COVER_SUFFIX)
CONTENT_NAMED = re.compile(
    r"^episodes/(?P<stem>[^/]+-(?P<hash>[0-9a-f]{8}))"
    rf"(?P<suffix>{'|'.join(map(re.escape, _EPISODE_SUFFIXES))})$"
)
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
    immutable: bool = False  # named by its content (see CONTENT_NAMED)

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
    if key == FEED_KEY:
        return FEED_TYPE
    name = key.rsplit("/", 1)[-1].lower()
    for suffix in sorted(SITE_TYPES, key=len, reverse=True):  # .chapters.json before .json
        if name.endswith(suffix):
            return SITE_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def content_named(files: Sequence[SiteFile]) -> frozenset[str]:
    """Keys of the files named by their content: the name's hash8 begins the SHA-256 of the
    audio file of the same stem."""
    audio = {match["stem"]: file.sha256 for file in files
             if (match := CONTENT_NAMED.match(file.key)) and match["suffix"] in BY_SUFFIX}
    return frozenset(
        file.key for file in files
        if (match := CONTENT_NAMED.match(file.key))
        and audio.get(match["stem"], "").startswith(match["hash"])
    )


def phase(key: str) -> Phase:
    if key == FEED_KEY:
        return Phase.FEED
    if key.startswith(MEDIA_DIR + "/"):
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
    if not (output / FEED_KEY).is_file():
        raise UserError(f"has no {FEED_KEY}: not a built site; run `reader build` first",
                        path=output)
    files: list[SiteFile] = []
    for path in sorted(output.rglob("*")):
        relative = PurePosixPath(path.relative_to(output).as_posix())
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        key = check_key(str(relative), str(output))
        real = safe_join(output, *relative.parts)  # a symlink out of the site is refused
        files.append(SiteFile(key=key, path=real, sha256=sha256_of(real),
                              size=real.stat().st_size))
    immutable = content_named(files)
    return [replace(file, immutable=True) if file.key in immutable else file for file in files]


def sha256_of(path: Path) -> str:
    with open(path, "rb") as handle:  # streamed: an episode may be hundreds of megabytes
        return hashlib.file_digest(handle, "sha256").hexdigest()
