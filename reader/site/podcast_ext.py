"""A feedgen extension for what feedgen 1.0 lacks or gets wrong.

- itunes:explicit: feedgen writes yes/no/clean; Apple asks for true/false.
- itunes:keywords on each item (the article's tags and categories): feedgen has none.
- The Podcasting 2.0 namespace: podcast:guid and podcast:locked on the channel,
  podcast:transcript and podcast:chapters on each item.
- Podlove Simple Chapters (psc:chapters) inline on each item: gPodder's podcastparser reads
  chapters from it (it knows podcast:* only under the namespace's old GitHub URI).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import lxml.etree  # noqa: F401 - feedgen.util uses lxml.etree without importing it
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.util import xml_elem

from ..models import Chapter

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PSC_NS = "http://podlove.org/simple-chapters"
EXTENSION_NAME = "podcastindex"


def _explicit(parent: Any, explicit: bool | None) -> None:
    if explicit is not None:
        xml_elem(f"{{{ITUNES_NS}}}explicit", parent).text = "true" if explicit else "false"


def psc_time(ms: int) -> str:
    """Podlove's normal play time, HH:MM:SS.mmm."""
    seconds, millis = divmod(max(ms, 0), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


class PodcastIndexExtension(BaseExtension):  # type: ignore[misc]
    """Channel level: podcast:guid, podcast:locked, itunes:explicit true/false."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked_owner: str | None = None
        self.explicit: bool | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS, "psc": PSC_NS}

    def extend_rss(self, feed: Any) -> Any:
        channel = feed[0]
        _explicit(channel, self.explicit)
        if self.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        if self.locked_owner is not None:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = "yes"
            if self.locked_owner:
                locked.set("owner", self.locked_owner)
        return feed


class PodcastIndexEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Item level: podcast:transcript, podcast:chapters, psc:chapters, itunes:explicit,
    itunes:keywords."""

    def __init__(self) -> None:
        self.explicit: bool | None = None
        self.keywords: Sequence[str] = ()
        self.transcript_url: str | None = None
        self.chapters_url: str | None = None
        self.chapters: Sequence[Chapter] = ()

    def extend_rss(self, entry: Any) -> Any:
        _explicit(entry, self.explicit)
        if self.keywords:
            # Comma-separated, as Apple read it (it no longer uses it; others still do).
            keywords = ",".join(k.replace(",", " ") for k in self.keywords)
            xml_elem(f"{{{ITUNES_NS}}}keywords", entry).text = keywords
        if self.transcript_url:
            transcript = xml_elem(f"{{{PODCAST_NS}}}transcript", entry)
            transcript.set("url", self.transcript_url)
            transcript.set("type", "text/vtt")
        if self.chapters_url:
            chapters = xml_elem(f"{{{PODCAST_NS}}}chapters", entry)
            chapters.set("url", self.chapters_url)
            chapters.set("type", "application/json+chapters")
        if self.chapters:
            simple = xml_elem(f"{{{PSC_NS}}}chapters", entry)
            simple.set("version", "1.2")
            for chapter in self.chapters:
                item = xml_elem(f"{{{PSC_NS}}}chapter", simple)
                item.set("start", psc_time(chapter.start_ms))
                item.set("title", chapter.title)
        return entry
