"""Which articles of a built site go into the book, and what the book says about itself.

Everything comes from the built site alone (the manifest, the feed, the pages and the
episodes' files), so a book can be made from a copy of `output/` without the articles or
reader.toml, and nothing is spoken or encoded again.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..fsutil import safe_join
from ..layout import COVER_NAME, FEED_NAME, MANIFEST_NAME
from ..models import EpisodeRecord, as_moment, calendar_day, date_from_iso

_ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
_PODCAST = "https://podcastindex.org/namespace/1.0"


@dataclass(frozen=True)
class Selection:
    """The options that choose a book's articles and their order (days are inclusive)."""

    since: dt.date | None = None
    until: dt.date | None = None
    tag: str | None = None
    newest_first: bool = False

    def describe(self) -> str:
        """The selection as the options that made it, for messages."""
        parts = [
            f"--since {self.since}" if self.since else "",
            f"--until {self.until}" if self.until else "",
            f"--tag {self.tag!r}" if self.tag else "",
        ]
        return " ".join(part for part in parts if part) or "no filter"

    def key(self) -> str:
        """What makes two selections the same book (the order is part of it)."""
        return json.dumps(
            [str(self.since), str(self.until), (self.tag or "").casefold(), self.newest_first]
        )


@dataclass(frozen=True)
class Podcast:
    """What the site's feed says about the podcast: the book's publisher and defaults."""

    title: str
    author: str
    description: str
    language: str
    guid: str  # podcast:guid, which never changes once published
    link: str


@dataclass(frozen=True)
class BookArticle:
    """One selected article: its record and the site's files the book is made from."""

    record: EpisodeRecord
    audio: Path
    page: Path
    sync: Path
    image: Path | None  # the article's own cover, when the site has it


@dataclass(frozen=True)
class BookSource:
    output: Path
    podcast: Podcast
    articles: tuple[BookArticle, ...]
    cover: Path | None
    selection: Selection

    @property
    def duration_ms(self) -> int:
        return sum(article.record.duration_ms for article in self.articles)

    def newest_moment(self) -> dt.datetime:
        """The newest selected article's date, in UTC: the book's modification time, so the
        same site and options give the same bytes whenever the book is made."""
        return max(as_moment(date_from_iso(a.record.date)) for a in self.articles).astimezone(
            dt.UTC
        )

    def identifier(self) -> str:
        """A urn:uuid that stays the book's as articles are added: derived from the podcast's
        guid and the selection, never from the clock or the content."""
        try:
            namespace = uuid.UUID(self.podcast.guid)
        except ValueError:
            namespace = uuid.uuid5(uuid.NAMESPACE_URL, self.podcast.link)
        return f"urn:uuid:{uuid.uuid5(namespace, 'book ' + self.selection.key())}"

    def authors(self) -> list[str]:
        """Every article's author, in reading order, once each (the podcast's for none)."""
        names = [a.record.author or self.podcast.author for a in self.articles]
        return list(dict.fromkeys(name for name in names if name))


def parse_day(text: str | None, option: str) -> dt.date | None:
    """A --since/--until value (YYYY-MM-DD); a bad one is a UserError naming the option."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{option} {text!r} is not a date: write it as YYYY-MM-DD") from None


def load_book_source(output: Path, selection: Selection) -> BookSource:
    """The built site's podcast and the articles `selection` chooses, in reading order."""
    # Here, not at the top: the builder package is heavy, and `reader --help` loads this.
    from ..builder.manifest import Manifest

    output = Path(output)
    if not (output / MANIFEST_NAME).is_file() or not (output / FEED_NAME).is_file():
        raise UserError("not a built site (no manifest or feed.xml): run `reader build` first",
                        path=output)
    podcast = read_podcast(output / FEED_NAME)
    records = Manifest.load(output).records()
    if not records:
        raise UserError("the site has no published articles (or was built by another "
                        "version of reader): run `reader build` first", path=output)
    chosen = choose(records, selection)
    if not chosen:
        raise UserError(
            f"no article matches {selection.describe()} (the site has {len(records)}, "
            f"{_span(records)})", path=output,
        )
    cover = output / COVER_NAME
    return BookSource(
        output, podcast, tuple(_article(output, record) for record in chosen),
        cover if cover.is_file() else None, selection,
    )


def choose(records: list[EpisodeRecord], selection: Selection) -> list[EpisodeRecord]:
    """The records `selection` keeps, oldest first (a book reads from the first article)
    unless newest_first; ties in date keep a stable order by slug."""
    tag = selection.tag.casefold() if selection.tag else None
    kept = [
        record for record in records
        if (selection.since is None or _day(record) >= selection.since)
        and (selection.until is None or _day(record) <= selection.until)
        and (tag is None or tag in (keyword.casefold() for keyword in record.keywords))
    ]
    kept.sort(key=lambda record: (record.published_at, record.slug))
    return kept[::-1] if selection.newest_first else kept


def read_podcast(feed: Path) -> Podcast:
    """The channel's title, author, description, language, guid and link from feed.xml."""
    from lxml import etree

    try:
        channel = etree.parse(str(feed)).getroot().find("channel")
    except (OSError, etree.XMLSyntaxError) as exc:
        raise UserError(f"cannot read the feed ({exc})", path=feed) from None
    if channel is None:
        raise UserError("the feed has no channel: run `reader build` again", path=feed)

    def text(tag: str, default: str = "") -> str:
        value = channel.findtext(tag)
        return value.strip() if value and value.strip() else default

    title = text("title")
    return Podcast(
        title=title,
        author=text(f"{{{_ITUNES}}}author", title),
        description=text("description"),
        language=text("language", "en"),
        guid=text(f"{{{_PODCAST}}}guid"),
        link=text("link"),
    )


def _article(output: Path, record: EpisodeRecord) -> BookArticle:
    """The record's files in the site; a missing one is a UserError naming it."""
    paths = {
        name: safe_join(output, *relative.split("/"))
        for name, relative in (
            ("audio", record.audio_file), ("page", record.page_file), ("sync", record.sync_file)
        )
    }
    for path in paths.values():
        if not path.is_file():
            raise UserError(f"{record.slug}: missing from the site: run `reader build` again",
                            path=path)
    image = safe_join(output, *record.image.split("/")) if record.image else None
    return BookArticle(record, paths["audio"], paths["page"], paths["sync"],
                       image if image is not None and image.is_file() else None)


def _day(record: EpisodeRecord) -> dt.date:
    return calendar_day(date_from_iso(record.date))


def _span(records: list[EpisodeRecord]) -> str:
    days = sorted(_day(record) for record in records)
    return f"{days[0]} to {days[-1]}" if days[0] != days[-1] else f"all on {days[0]}"
