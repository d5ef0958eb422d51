"""Guids that never change once published.

Podcast apps key their subscriptions and played-state on these, so they must not move when
the host, the content or the build time changes.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from ..fsutil import write_text_atomic

# The Podcasting 2.0 namespace's uuid5 namespace for podcast:guid.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
GUID_FILE_NAME = "podcast-guid.txt"


def guid_for_feed_url(feed_url: str) -> str:
    """podcast:guid as the namespace spec derives it: uuid5 of the feed URL with the scheme
    ("https://") and any trailing slashes removed."""
    bare = re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*://", "", feed_url.strip()).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def podcast_guid(root: Path, feed_url: str) -> str:
    """The podcast's guid: read from `root`/podcast-guid.txt, or derived from `feed_url` the
    first time and written there, so a later move of base_url keeps the guid."""
    guid_file = root / GUID_FILE_NAME
    if guid_file.is_file():
        kept = guid_file.read_text(encoding="utf-8").strip()
        try:
            return str(uuid.UUID(kept))
        except ValueError:
            pass  # damaged file: derive again, as the first build did
    guid = guid_for_feed_url(feed_url)
    write_text_atomic(guid_file, guid + "\n")
    return guid


def episode_guid(podcast_guid_value: str, slug: str) -> str:
    """An episode's guid: from the podcast's guid and the slug only (never content or time)."""
    return str(uuid.uuid5(uuid.UUID(podcast_guid_value), slug))
