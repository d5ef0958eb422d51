"""The build manifest: what each article was built from, so unchanged work is skipped.

Stored as output/.manifest.json and rewritten atomically after every finished episode,
so a build killed half-way keeps what it finished. It keeps no page bodies or transcripts
(they live in files beside each episode and are read only when a page is rewritten), so
loading and saving it stays cheap for thousands of articles.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..fsutil import write_text_atomic
from ..layout import MANIFEST_NAME
from ..models import EpisodeRecord

# 2: EpisodeRecord.image became the published cover (it held the front matter's path).
# 3: episodes named by content (<slug>-<hash8>.mp3); no page bodies or transcripts.
# 4: pages are read-alongs (sentence ids in body_html, a .sync.json beside each episode):
#    an older site's episodes are rebuilt once, from the clip cache.
FORMAT_VERSION = 4
# What the manifest leaves out of a record: read from the episode's files when needed.
_NOT_KEPT = ("body_html", "transcript")


@dataclass
class Entry:
    """One article: the source file's content hash, the fingerprint of everything else that
    shaped its episode, and the record the site stage needs (None for drafts)."""

    source: str  # path relative to the articles folder
    content_sha: str
    fingerprint: str
    slug: str
    record: EpisodeRecord | None
    tags_fingerprint: str = ""  # podcast title and cover: change only the ID3 tags
    # The article's own cover (front matter `image:`), relative to the articles folder, and
    # its content hash: a new picture under the same name rebuilds the episode.
    image_source: str | None = None
    image_sha: str | None = None
    # publishDate and expiryDate (ISO moments) of an article that has either: when `now`
    # crosses one, the article must be looked at again although its file is unchanged.
    schedule: tuple[str | None, str | None] | None = None

    def schedule_changes(self, now: dt.datetime) -> bool:
        """Whether, at `now`, this article should be published and is not, or the reverse."""
        if self.schedule is None:
            return False
        start, end = (dt.datetime.fromisoformat(t) if t else None for t in self.schedule)
        live = (start is None or start <= now) and (end is None or end > now)
        return live != (self.record is not None)
    # The fingerprint of its page as last written to the site (reader.builder.execute):
    # a page is rewritten only when its episode's record or article changed.
    page: str = ""
    # The fingerprint of the script its episode speaks (reader.builder.approvals): whether
    # the published episode is the approved one. "" when unknown (built before it was kept).
    script: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "content_sha": self.content_sha,
            "fingerprint": self.fingerprint,
            "slug": self.slug,
            "record": _kept(self.record.to_dict()) if self.record else None,
            "tags_fingerprint": self.tags_fingerprint,
            "image_source": self.image_source,
            "image_sha": self.image_sha,
            "schedule": list(self.schedule) if self.schedule else None,
            "page": self.page,
            "script": self.script,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        record = data.get("record")
        return cls(
            source=data["source"],
            content_sha=data["content_sha"],
            fingerprint=data["fingerprint"],
            slug=data["slug"],
            record=EpisodeRecord.from_dict(record) if record else None,
            tags_fingerprint=data.get("tags_fingerprint", ""),
            image_source=data.get("image_source"),
            image_sha=data.get("image_sha"),
            schedule=tuple(data["schedule"]) if data.get("schedule") else None,  # type: ignore[arg-type]
            page=data.get("page", ""),
            script=data.get("script", ""),
        )


@dataclass
class Manifest:
    entries: dict[str, Entry] = field(default_factory=dict)  # by source
    site_fingerprint: str = ""  # of the feed and pages on disk
    site_settings: str = ""  # of what every page depends on (the podcast, the templates)
    # Slugs whose replaced files a build had not yet removed when this was saved (it was
    # killed before its new feed was in place): the next build removes them.
    unswept: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, output: Path) -> Manifest:
        path = output / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != FORMAT_VERSION:
                return cls()
            entries = [Entry.from_dict(item) for item in data.get("entries", [])]
        except (OSError, ValueError, KeyError, TypeError):
            # A missing or unreadable manifest only costs a rebuild (from the clip cache).
            return cls()
        return cls(
            {e.source: e for e in entries},
            data.get("site_fingerprint", ""),
            data.get("site_settings", ""),
            [str(slug) for slug in data.get("unswept", [])],
        )

    def save(self, output: Path) -> None:
        data = {
            "version": FORMAT_VERSION,
            "site_fingerprint": self.site_fingerprint,
            "site_settings": self.site_settings,
            "unswept": self.unswept,
            "entries": [self.entries[k].to_dict() for k in sorted(self.entries)],
        }
        # No indent: with one, json encodes in Python rather than C, several times slower
        # for a site of thousands of articles (the manifest is saved after every episode).
        write_text_atomic(output / MANIFEST_NAME, json.dumps(data, ensure_ascii=False))

    def records(self) -> list[EpisodeRecord]:
        return [e.record for e in self.entries.values() if e.record is not None]


def _kept(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in _NOT_KEPT}

