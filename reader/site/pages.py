"""The HTML pages: index.html (the podcast) and <slug>/index.html (read or listen).

Jinja2 with autoescaping: everything that comes from articles or reader.toml is escaped,
except the article body, which is sanitised HTML (cleaned upstream, and again here).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
import nh3

from ..audio.formats import episode_format
from ..config import PodcastConfig
from ..layout import EMBED_ASSET, EMBED_DATA, INDEX_PAGE, READ_ALONG_ASSET, page_path
from ..load.sentences import SENTENCE_ATTRIBUTES
from ..locale import catalogue_for, messages
from ..locale.templates import ConstantMessages
from ..models import EpisodeRecord
from .episode_data import episode_data, episode_script
from .feeds import Feed, feed_language, split_feeds
from .rss import duration_seconds, ordered
from .scripts import SKIP_AHEAD, SKIP_BACK, script

TEMPLATES = Path(__file__).parent / "templates"
# nh3's defaults, plus the sentence elements of the read-along (reader/load/sentences.py).
_BODY_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "span": set(SENTENCE_ATTRIBUTES)}
_HEADING = re.compile(r"<(/?)h([1-5])\b")


@cache
def _environment(catalogue: str) -> jinja2.Environment:
    """Compiled once per process and language: templates are parsed a single time for
    thousands of pages, with their constant words already translated."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=[ConstantMessages],
    )
    environment.catalogue = catalogue  # type: ignore[attr-defined]
    return environment


@dataclass(frozen=True)
class ListedEpisode:
    record: EpisodeRecord
    date_text: str
    seconds: int
    duration_text: str


@dataclass(frozen=True)
class SubscribeBox:
    """One feed in the index page's Subscribe box: its address field and app links."""

    feed: Feed
    field: str  # the id of its address field
    links: dict[str, str]


@dataclass(frozen=True)
class ChapterLink:
    title: str
    start: str  # seconds, as the player's currentTime
    time: str


def clock(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def clean_body(body_html: str) -> str:
    """Defence in depth: sanitise the body again, and demote headings a level so the page's
    only h1 is the title."""
    cleaned = nh3.clean(body_html, attributes=_BODY_ATTRIBUTES)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", cleaned)


def subscribe_links(feed_url: str, title: str) -> dict[str, str]:
    """Links that open the feed in podcast apps (their documented subscribe URL forms)."""
    bare = re.sub(r"^https?://", "", feed_url)
    quoted = urllib.parse.quote(feed_url, safe="")
    return {
        "apple": "podcast://" + bare,
        "pcast": "pcast://" + bare,
        "antennapod": "https://antennapod.org/deeplink/subscribe?url="
        + quoted + "&title=" + urllib.parse.quote(title, safe=""),
        "pocketcasts": "pktc://subscribe/" + bare,
        "overcast": "overcast://x-callback-url/add?url=" + quoted,
    }


def transcript_paragraphs(text: str) -> list[str]:
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def _feeds(podcast: PodcastConfig, feeds: Sequence[Feed] | None) -> Sequence[Feed]:
    """The site's feeds; a page rendered alone (a test, an embed) knows only feed.xml."""
    return feeds if feeds is not None else split_feeds(podcast, (), "")


def _own_feed(
    podcast: PodcastConfig, record: EpisodeRecord, feeds: Sequence[Feed] | None
) -> Feed:
    """The feed that carries the episode: its language's."""
    feeds = _feeds(podcast, feeds)
    own = feed_language(record.lang, podcast.language)
    return next((feed for feed in feeds if feed.lang == own), feeds[0])


def render_episode_page(
    podcast: PodcastConfig, record: EpisodeRecord, feeds: Sequence[Feed] | None = None
) -> str:
    own_feed = _own_feed(podcast, record, feeds)
    lang = record.lang or podcast.language
    words = messages(lang)
    seconds = duration_seconds(record.duration_ms)
    chapters = [
        ChapterLink(
            chapter.title, f"{chapter.start_ms / 1000:.3f}", clock(chapter.start_ms // 1000)
        )
        for chapter in record.chapters
    ]
    return _environment(catalogue_for(lang)).get_template("episode.html.j2").render(
        lang=lang,
        podcast=podcast,
        root="../",
        episode=record,
        audio_label=episode_format(record.audio_file).label,
        date_text=words.date(record.date),
        seconds=seconds,
        duration_text=words.duration(seconds),
        chapters=chapters,
        body_html=clean_body(record.body_html),
        transcript_paragraphs=transcript_paragraphs(record.transcript),
        asset=READ_ALONG_ASSET,
        # Its own feed only: a new language's feed then leaves the other pages unchanged.
        alternates=[own_feed],
        own_feed=own_feed,
        skip_back=SKIP_BACK,
        skip_ahead=SKIP_AHEAD,
        **words.for_templates(),
    )


def render_index_page(
    podcast: PodcastConfig, records: Sequence[EpisodeRecord], feeds: Sequence[Feed] | None = None
) -> str:
    feeds = _feeds(podcast, feeds)
    subscribe = [
        SubscribeBox(
            feed, "feed-url" if feed.lang is None else f"feed-url-{feed.lang}",
            subscribe_links(feed.url, feed.podcast.title),
        )
        for feed in feeds
    ]  # fmt: skip
    words = messages(podcast.language)
    episodes = [
        ListedEpisode(
            record,
            # An episode in another language is listed in its own (its <li lang> says so).
            messages(record.lang or podcast.language).date(record.date),
            duration_seconds(record.duration_ms),
            words.duration(duration_seconds(record.duration_ms)),
        )
        for record in ordered(records)
    ]
    return _environment(catalogue_for(podcast.language)).get_template("index.html.j2").render(
        lang=podcast.language,
        podcast=podcast,
        root="",
        alternates=feeds,
        subscribe=subscribe,
        episodes=episodes,
        language_name=words.language_name,
        asset=READ_ALONG_ASSET,
        **words.for_templates(),
    )


def render_pages(
    output: Path,
    podcast: PodcastConfig,
    records: Sequence[EpisodeRecord],
    only: Collection[str] | None = None,
    *,
    feeds: Sequence[Feed] | None = None,
) -> dict[Path, bytes]:
    """The index and the episode pages (of the slugs in `only`, or all) with each one's
    data for the embed (<slug>/episode.js), and the two scripts at the root, by path."""
    pages: dict[Path, bytes] = {}
    for record in records:
        if only is None or record.slug in only:
            page = page_path(output, record.slug)
            pages[page] = render_episode_page(podcast, record, feeds).encode("utf-8")
            data = episode_data(
                output, podcast, record, _own_feed(podcast, record, feeds).file
            )
            pages[page.with_name(EMBED_DATA)] = episode_script(data)
    pages[output / INDEX_PAGE] = render_index_page(podcast, records, feeds).encode("utf-8")
    for asset in (READ_ALONG_ASSET, EMBED_ASSET):
        pages[output / asset] = script(asset)
    return pages
