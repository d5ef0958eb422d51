"""Typed values passed between the pipeline stages.

load/clean  -> Article
script      -> Script
episode     -> Episode        (speech + assembly + encoding + tags + sidecars)
build       -> EpisodeRecord  (what the site stage and the manifest need, JSON-able)
site        -> feed.xml, pages, cover
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .layout import INDEX_PAGE, EpisodeFiles


@dataclass(frozen=True)
class ArticleMeta:
    """Metadata of one article, after front matter and fallbacks are resolved."""

    title: str
    slug: str
    # The publication date: a dt.datetime (time-zone aware, in the article's own zone)
    # when the source gave a time, else a plain dt.date. calendar_day() gives the day.
    date: dt.date
    source: Path
    author: str | None = None
    description: str = ""
    lang: str | None = None
    engine: str | None = None
    voice: str | None = None
    explicit: bool | None = None
    image: str | None = None  # front matter: the article's own cover, beside the article
    draft: bool = False
    # Front matter `tags` and `categories`: the episode's keywords (ID3, feed categories).
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # earlier slugs or URLs of the article (Hugo `aliases`)
    # Hugo's publishDate / expiryDate: outside this window the article is not published.
    publish_date: dt.date | None = None
    expiry_date: dt.date | None = None

    def is_live(self, now: dt.datetime) -> bool:
        """Published at `now` (aware): not a draft, not scheduled later, not expired."""
        if self.draft:
            return False
        if self.publish_date is not None and as_moment(self.publish_date) > now:
            return False
        return self.expiry_date is None or as_moment(self.expiry_date) > now


# In English: how the pages write a date ("7 March 2024") and the English voice reads one.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


def calendar_day(value: dt.date) -> dt.date:
    """The calendar day of a date, or of a datetime in its own time zone."""
    return value.date() if isinstance(value, dt.datetime) else value


def as_moment(value: dt.date) -> dt.datetime:
    """A date or datetime as an aware moment: a bare day starts at 00:00 UTC, a naive time
    is taken as UTC (the time zone Hugo and Jekyll assume when a site sets none)."""
    if not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def date_from_iso(text: str) -> dt.date:
    """The inverse of `.isoformat()` for an article date: "YYYY-MM-DD" or a full timestamp."""
    return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)


@dataclass(frozen=True)
class WrittenSentence:
    """One sentence as the page shows it, and the id of its element in the page's body_html.

    The id is how the read-along finds, for every spoken piece, the words on the page it
    came from (reader/load/sentences.py assigns it while wrapping the sentence)."""

    id: str
    text: str


@dataclass(frozen=True)
class Section:
    """One section of the written article: a heading (None for the opening) and its paragraphs.

    Paragraphs are clean *written* text: no markup, footnote markers, URLs or navigation,
    but numbers and abbreviations are still as the author wrote them. `sentences`, when
    given, is each paragraph cut into its written sentences (parallel to `paragraphs`) and
    `title_id` the heading's id on the page: the read-along's source positions.
    """

    title: str | None
    paragraphs: tuple[str, ...]
    # Indices of the paragraphs that are list items; consecutive ones form one list.
    list_items: frozenset[int] = frozenset()
    sentences: tuple[tuple[WrittenSentence, ...], ...] = ()
    title_id: str | None = None
    # Indices of the paragraphs that are block quotations ([voice] quote_voice reads them).
    quotes: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Article:
    meta: ArticleMeta
    sections: tuple[Section, ...]
    # The reading half: the article body as sanitised HTML (headings, paragraphs, lists,
    # quotes, links). Safe to insert into a page unescaped.
    body_html: str = ""


@dataclass(frozen=True)
class SpokenSection:
    """A section as it will be spoken.

    `title` is the written heading (chapter names use it); `spoken_title` is what the
    engine says. Each paragraph is a tuple of pieces (sentences, capped in length).
    `sources` (parallel to `paragraphs`, when known) names for each piece the written
    sentence it came from, and `title_source` the heading: ids of elements in body_html.
    """

    title: str | None
    spoken_title: str | None
    paragraphs: tuple[tuple[str, ...], ...]
    # Indices of the paragraphs that are list items: the pause before each is a list pause.
    list_items: frozenset[int] = frozenset()
    sources: tuple[tuple[str, ...], ...] = ()
    title_source: str | None = None
    # Indices of the paragraphs that are block quotations.
    quotes: frozenset[int] = frozenset()

    def source_of(self, paragraph: int, piece: int) -> str:
        """The page id a piece came from; "" when unknown."""
        if paragraph < len(self.sources) and piece < len(self.sources[paragraph]):
            return self.sources[paragraph][piece]
        return ""

    @property
    def sentences(self) -> list[str]:
        return [piece for paragraph in self.paragraphs for piece in paragraph]


@dataclass(frozen=True)
class Script:
    """Every word that will be spoken: the opening ("<title>. By <author>.", normalised
    and split into sentences like any paragraph), then the sections."""

    meta: ArticleMeta
    sections: tuple[SpokenSection, ...]
    opening: tuple[str, ...]

    def to_json_obj(self) -> dict[str, Any]:
        """The object `reader script --json` prints (shape fixed in design.md)."""
        return {
            "title": self.meta.title,
            "author": self.meta.author,
            "date": calendar_day(self.meta.date).isoformat(),
            "slug": self.meta.slug,
            "opening": list(self.opening),
            "sections": [
                {"title": section.title, "sentences": section.sentences}
                for section in self.sections
            ],
        }


@dataclass(frozen=True)
class Chapter:
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Cue:
    """One spoken piece and where it sits in the episode."""

    start_ms: int
    end_ms: int
    text: str
    source: str = ""  # id of the written sentence (or heading) on the page; "" for none


@dataclass(frozen=True)
class Episode:
    """The result of the episode stage: the audio file (in the audio format) with sidecar
    files next to it."""

    meta: ArticleMeta
    audio_path: Path
    vtt_path: Path
    chapters_path: Path
    transcript_path: Path
    duration_ms: int
    size_bytes: int
    chapters: tuple[Chapter, ...]
    cues: tuple[Cue, ...]
    synthesized: int = 0  # pieces the engine had to speak (the rest came from the cache)
    cached: int = 0
    # The MP3's loudness as measured, and how it was set ("streamed", "streamed again",
    # "linear" or "gain+limiter": see reader/episode/encode.py).
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    loudness_method: str = ""


@dataclass(frozen=True)
class EpisodeRecord:
    """One published episode as the site stage and the build manifest see it.

    Paths are relative to the output folder. JSON round-trips through to_dict/from_dict.
    """

    slug: str
    title: str
    date: str  # YYYY-MM-DD, or an ISO 8601 timestamp with its zone when the article had a time
    description: str
    author: str | None
    lang: str | None
    explicit: bool | None
    audio_file: str  # e.g. "episodes/<slug>-<hash8>.mp3" (named by its content); the
    # other files are named from it
    size_bytes: int
    duration_ms: int
    chapters: tuple[Chapter, ...]
    # The page's body and the plain transcript: the manifest does not keep them (the build
    # reads them from the episode's files when a page must be rewritten).
    body_html: str = ""
    transcript: str = ""
    image: str | None = None  # the episode's own cover, e.g. "episodes/<slug>-<hash8>.jpg"
    keywords: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def published_at(self) -> dt.datetime:
        """The moment the feed announces (pubDate). A bare day is noon UTC, which keeps the
        same calendar day from UTC-11 to UTC+11, so apps show the date the author wrote; a
        timestamp keeps its time and the article's own zone."""
        when = date_from_iso(self.date)
        if isinstance(when, dt.datetime):
            return as_moment(when)
        return dt.datetime(when.year, when.month, when.day, 12, 0, tzinfo=dt.UTC)

    @property
    def files(self) -> EpisodeFiles:
        return EpisodeFiles(self.audio_file)

    @property
    def vtt_file(self) -> str:
        return self.files.vtt

    @property
    def chapters_file(self) -> str:
        return self.files.chapters

    @property
    def transcript_file(self) -> str:
        return self.files.transcript

    @property
    def sync_file(self) -> str:
        """The read-along timing: which sentence of the page is spoken when."""
        return self.files.sync

    @property
    def page_file(self) -> str:
        return f"{self.slug}/{INDEX_PAGE}"

    def to_dict(self) -> dict[str, Any]:
        # By hand, not asdict(): a build of thousands of episodes calls this for each one,
        # and asdict's recursive deep copy was most of the cost of saving the manifest.
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["chapters"] = [
            {"title": c.title, "start_ms": c.start_ms, "end_ms": c.end_ms} for c in self.chapters
        ]
        data["keywords"] = list(self.keywords)
        data["extra"] = dict(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EpisodeRecord:
        values = dict(data)
        values["chapters"] = tuple(Chapter(**c) for c in values.get("chapters", []))
        values["keywords"] = tuple(values.get("keywords", ()))
        return cls(**values)
