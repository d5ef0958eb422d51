"""The names of a built site's files: the one place they are spelled.

    feed.xml                     the podcast's feed; feed-<lang>.xml one per other language
    index.html                   the podcast's page; <slug>/index.html an episode's page
    cover.jpg, read-along.js     the podcast's cover and the pages' shared script
    embed.js, <slug>/episode.js  the blog's embed, and each episode's data for it
    episodes/<slug>-<hash8>.mp3  an episode, named by its content, and beside it the
                                 sidecars <stem>.vtt .chapters.json .txt .sync.json [.jpg]
    .manifest.json .build.lock   the build's own (hidden: never published)
    .stats.json                  reader stats' incremental state (hidden too)
    .bodies/<stem>.html          an episode's page body, read when its page is rewritten
    .staging/                    episodes being made

An episode's files are named by their content: <slug>-<the first 8 hex digits of its audio
file's SHA-256>, then each file's own suffix. Such a name never changes content, which is
what lets the build replace an episode without touching a file the feed on disk announces,
and what lets publishing mark every one of those files immutable.

Build, site, check, publish and serve ask this module; it depends on nothing of the
package but errors, so every stage may. It also names the project's own files, beside the
articles: reader.toml and lexicon.toml.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

CONFIG_NAME = "reader.toml"  # the project's settings (reader.config)
LEXICON_NAME = "lexicon.toml"  # beside it: how to say words (reader.speech.lexicon)
# Beside it too, meant to be committed: the articles approved in `reader studio`
# (reader.builder.approvals).
APPROVALS_NAME = "approvals.toml"

EPISODES_DIR = "episodes"
INDEX_PAGE = "index.html"  # the podcast's page, an episode's page in its folder
COVER_NAME = "cover.jpg"  # the podcast's cover
READ_ALONG_ASSET = "read-along.js"  # one script at the site's root that every page loads
EMBED_ASSET = "embed.js"  # the script a blog's own pages load (reader embed)
EMBED_DATA = "episode.js"  # <slug>/episode.js: an episode's data for embed.js
MANIFEST_NAME = ".manifest.json"  # what each episode was built from (reader.builder.manifest)
LOCK_NAME = ".build.lock"  # one build per output folder at a time
# The page bodies of published episodes (sanitised HTML), named like the episode: read when
# a page must be rewritten. Private to the build, like the manifest.
BODIES_DIR = ".bodies"
# `reader stats`' incremental state (reader.stats.state): how far each log was read and the
# counts so far, never published (hidden, like the manifest).
STATS_STATE = ".stats.json"
STAGING_DIR = ".staging"  # episodes being made; removed at the start and end of a build

_FEED = "feed.xml"
_LANG_FEED = re.compile(r"^feed-[a-z]{2,3}(?:-[a-z0-9]+)*\.xml$")


def feed_name(lang: str | None = None) -> str:
    """The feed's file name: feed.xml for the podcast's own language (lang None), and
    feed-<lang>.xml ("feed-fr.xml", "feed-pt-br.xml") for the articles in another language:
    one podcast per language, as directories expect."""
    return _FEED if lang is None else f"feed-{lang.lower()}.xml"


def feed_files(output: Path) -> list[str]:
    """The feeds a built site holds: feed.xml (when present) first, then the others by name."""
    try:
        names = sorted(entry.name for entry in output.iterdir() if entry.is_file())
    except OSError:
        return []
    return [n for n in names if n == _FEED] + [n for n in names if is_feed(n) and n != _FEED]


FEED_NAME = feed_name()


def is_feed(key: str) -> bool:
    """Whether a site-relative key names a feed (which publishing sends last)."""
    return key == _FEED or _LANG_FEED.match(key) is not None


def page_path(output: Path, slug: str) -> Path:
    """<output>/<slug>/index.html; a slug that is not one plain folder name is refused
    (a cheap check instead of fsutil.safe_join, which resolves paths: slow for 5,000)."""
    if not slug or slug in (".", "..") or slug.startswith(".") or re.search(r"[/\\\0]", slug):
        raise UserError(f"slug {slug!r} cannot be a folder name in the site", path=output)
    return output / slug / INDEX_PAGE


# -- an episode's files ----------------------------------------------------------------------

# Beside an episode's audio file: captions, JSON chapters, plain transcript (in this order),
# the read-along's timing (which only the page reads), and its own cover when the article
# has one.
SIDECAR_SUFFIXES = (".vtt", ".chapters.json", ".txt")
SYNC_SUFFIX = ".sync.json"
OWN_COVER_SUFFIX = ".jpg"
BODY_SUFFIX = ".html"  # in .bodies/

# <slug>-<8 hex digits>: the stem of every file of a content-named episode.
_CONTENT_STEM = re.compile(r"^(?P<slug>.+)-(?P<hash>[0-9a-f]{8})$")
# A file name in episodes/ or .bodies/: the stem, then the file's own suffix(es).
_CONTENT_FILE = re.compile(r"^(?P<stem>.+-[0-9a-f]{8})\.")


@dataclass(frozen=True)
class EpisodeFiles:
    """The names of one episode's files, all derived from its audio file's name. `<stem>.mp3`
    (or another audio format's suffix) has beside it `<stem>.vtt`, `<stem>.chapters.json`,
    `<stem>.txt`, `<stem>.sync.json` and, when the article has a cover of its own,
    `<stem>.jpg`. Works on paths relative to the output folder ("episodes/...") and on file
    paths alike (as POSIX strings)."""

    audio: str

    @classmethod
    def named(cls, slug: str, audio_sha256: str, suffix: str) -> EpisodeFiles:
        """A published episode's files: episodes/<slug>-<hash8><suffix>."""
        return cls(f"{EPISODES_DIR}/{content_stem(slug, audio_sha256)}{suffix}")

    @property
    def stem(self) -> str:
        return posixpath.splitext(self.audio)[0]

    @property
    def name(self) -> str:
        """The stem without its folder: what every file of the episode begins with."""
        return posixpath.basename(self.stem)

    @property
    def sidecars(self) -> tuple[str, str, str]:
        """The files the feed and pages point to beside the audio."""
        vtt, chapters, transcript = (self.stem + suffix for suffix in SIDECAR_SUFFIXES)
        return vtt, chapters, transcript

    @property
    def vtt(self) -> str:
        return self.sidecars[0]

    @property
    def chapters(self) -> str:
        return self.sidecars[1]

    @property
    def transcript(self) -> str:
        return self.sidecars[2]

    @property
    def cover(self) -> str:
        return self.stem + OWN_COVER_SUFFIX

    @property
    def sync(self) -> str:
        """The read-along's timing: which sentence of the page is spoken when."""
        return self.stem + SYNC_SUFFIX

    def all(self) -> tuple[str, ...]:
        """Every file the episode may have (its own cover only when it has one)."""
        return (self.audio, *self.sidecars, self.sync, self.cover)

    def body(self, output: Path) -> Path:
        """Its page body, private to the build: <output>/.bodies/<stem>.html."""
        return output / BODIES_DIR / f"{self.name}{BODY_SUFFIX}"


def content_stem(slug: str, audio_sha256: str) -> str:
    """<slug>-<the first 8 hex digits of the audio file's sha256>."""
    return f"{slug}-{audio_sha256[:8]}"


def content_hash(files: EpisodeFiles) -> str | None:
    """The hash8 its name claims, if it is named by content (a slug that merely ends in 8
    hex digits, "notes-20240101", claims one too: compare it with the audio's SHA-256)."""
    match = _CONTENT_STEM.match(files.name)
    return match["hash"] if match else None


def content_stem_of(file_name: str) -> str | None:
    """The content stem a file in episodes/ or .bodies/ belongs to, whatever its suffix."""
    match = _CONTENT_FILE.match(file_name)
    return match["stem"] if match else None
