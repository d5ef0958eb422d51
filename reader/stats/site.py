"""Which article a request was for, from the built site: its manifest names every episode,
and each episode's files say how many bytes make one minute of its audio.

An episode's audio is `episodes/<slug>-<hash8><suffix>` (reader.layout): a request for any
content name of the article, the current one or one it had before a rebuild, is matched to
the article by the slug in the name. Its page is `<slug>/` (or `<slug>/index.html`), its
embed data `<slug>/episode.js`, both under the path of the site's address (the feed's
<link>), so the blog's own pages at the same host are never taken for the listening pages.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..audio.formats import BY_SUFFIX
from ..builder.manifest import Manifest
from ..errors import UserError
from ..layout import EMBED_DATA, EPISODES_DIR, FEED_NAME, INDEX_PAGE, MANIFEST_NAME, content_stem_of

EPISODE, PAGE, EMBED = "episode", "page", "embed"
_EPISODES = f"/{EPISODES_DIR}"
_ID3_HEADER = 10  # "ID3", version (2), flags (1), size (4 bytes, 7 bits each)


@dataclass(frozen=True, slots=True)
class Episode:
    """What the counting needs of one article's episode."""

    slug: str
    title: str
    size: int  # bytes of the audio file
    header: int  # bytes before the audio: the ID3 tag (chapters, cover)
    duration_ms: int

    @property
    def minute_bytes(self) -> int:
        """The bytes a client must receive for one minute of audio to have been delivered:
        the header, then one minute at the episode's own bitrate (constant: see
        docs/audio.md). An episode shorter than a minute must be fetched whole."""
        audio = max(self.size - self.header, 0)
        if self.duration_ms <= 60_000:
            return self.size
        return self.header + audio * 60_000 // self.duration_ms

    def fraction(self, byte: int) -> float:
        """Where in the audio (0..1) a byte of the file is."""
        audio = max(self.size - self.header, 1)
        return min(max((byte - self.header) / audio, 0.0), 1.0)


@dataclass(frozen=True)
class SiteIndex:
    """A built site's articles, by slug, and the path its address puts before them."""

    episodes: dict[str, Episode]
    base_path: str  # "/" or "/listen/"

    def match(self, path: str) -> tuple[str, str] | None:
        """(kind, slug) for a request of an episode's audio, page or embed data; None for
        anything else (the feed, scripts, sidecars, the blog's own pages)."""
        found = self.pages.get(path)  # most requests of a page are one dict lookup
        if found is not None or _EPISODES not in path:
            return found
        folder, _, name = path.rpartition("/")
        if not folder.endswith(_EPISODES):
            return None
        stem = content_stem_of(name)
        if stem and name[len(stem):] in BY_SUFFIX:
            slug = stem.rsplit("-", 1)[0]
            if slug in self.episodes:
                return EPISODE, slug
        return None

    @functools.cached_property
    def pages(self) -> dict[str, tuple[str, str]]:
        """Every path of a page or embed data, with what it is."""
        paths = {}
        for slug in self.episodes:
            folder = f"{self.base_path}{slug}/"
            paths[folder] = paths[folder + INDEX_PAGE] = (PAGE, slug)
            paths[folder + EMBED_DATA] = (EMBED, slug)
        return paths


def load_site(output: Path) -> SiteIndex:
    """The index of a built site; UserError naming the folder when it has no manifest."""
    if not (output / MANIFEST_NAME).is_file():
        raise UserError(f"no {MANIFEST_NAME} here: give --site the folder `reader build` "
                        "wrote", path=output)
    episodes = {}
    for record in Manifest.load(output).records():
        header = _id3_size(output / record.audio_file)
        episodes[record.slug] = Episode(record.slug, record.title, record.size_bytes, header,
                                        record.duration_ms)
    return SiteIndex(episodes, _base_path(output))


def _id3_size(audio: Path) -> int:
    """The size of the ID3v2 tag at the start of an audio file (0 when it has none or the
    file is gone)."""
    try:
        with audio.open("rb") as file:
            head = file.read(_ID3_HEADER)
    except OSError:
        return 0
    if len(head) < _ID3_HEADER or head[:3] != b"ID3":
        return 0
    size = 0
    for byte in head[6:10]:  # a "synchsafe" integer: 7 bits per byte
        size = (size << 7) | (byte & 0x7F)
    footer = _ID3_HEADER if head[5] & 0x10 else 0
    return _ID3_HEADER + size + footer


def _base_path(output: Path) -> str:
    """The path of the site's address, from the feed's channel <link> ("/" without a feed)."""
    try:
        link = ET.parse(output / FEED_NAME).findtext("channel/link") or ""
    except (OSError, ET.ParseError):
        return "/"
    path = urlsplit(link.strip()).path or "/"
    return path if path.endswith("/") else path + "/"
