"""The RSS document of a feed (feed.xml, feed-<lang>.xml): feedgen, its podcast extension and
our own extension."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from feedgen.feed import FeedGenerator

from .. import __version__
from ..audio.formats import episode_format
from ..config import PodcastConfig
from ..layout import COVER_NAME
from ..models import EpisodeRecord
from ..podcast_rules import MAX_TEXT_BYTES
from .guid import episode_guid
from .podcast_ext import EXTENSION_NAME, PodcastIndexEntryExtension, PodcastIndexExtension

# What XML 1.0 cannot hold (lxml refuses it and the whole feed would fail to build).
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def ordered(records: Sequence[EpisodeRecord]) -> list[EpisodeRecord]:
    """Newest first; slugs break ties so the order never depends on the input order."""
    by_slug = sorted(records, key=lambda record: record.slug)
    return sorted(by_slug, key=lambda record: record.published_at, reverse=True)


def duration_seconds(duration_ms: int) -> int:
    return int((duration_ms + 500) // 1000)


def clip_text(text: str, limit: int = MAX_TEXT_BYTES) -> str:
    """`text` cut on a word boundary to at most `limit` UTF-8 bytes."""
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[: limit - 4].decode("utf-8", errors="ignore")
    return cut.rsplit(" ", 1)[0].rstrip() + " …"


def with_prefix(url: str, prefix: str | None) -> str:
    """An enclosure URL behind a measurement service's prefix ([feed] enclosure_prefix): the
    prefix, then the URL without "https://" (kept when it is http://), as OP3, Podtrac and
    the like expect (op3.dev/setup: the protocol is needed only for an http target)."""
    return prefix + url.removeprefix("https://") if prefix else url


def without_prefix(url: str, base: str) -> tuple[str, str]:
    """(the prefix, the site's own URL) of an enclosure that `with_prefix` made from a URL
    under `base`; ("", url) for one without a prefix or not under `base`."""
    if url.startswith(base):
        return "", url
    own = base.removeprefix("https://")
    at = url.find(own) if own else -1
    if at <= 0:
        return "", url
    return url[:at], base[: len(base) - len(own)] + url[at:]


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids. Articles are cleaned at load time;
    this guards against records from older manifests and escapes in reader.toml."""
    return _NOT_XML_RE.sub("", text)


def _xml_safe_podcast(podcast: PodcastConfig) -> PodcastConfig:
    return replace(
        podcast,
        title=xml_text(podcast.title),
        description=xml_text(podcast.description),
        author=xml_text(podcast.author),
    )


def _xml_safe_record(record: EpisodeRecord) -> EpisodeRecord:
    return replace(
        record,
        title=xml_text(record.title),
        description=xml_text(record.description),
        author=xml_text(record.author) if record.author is not None else None,
        chapters=tuple(replace(c, title=xml_text(c.title)) for c in record.chapters),
    )


def render_feed(
    podcast: PodcastConfig,
    records: Sequence[EpisodeRecord],
    *,
    podcast_guid: str,
    feed_guid: str | None = None,
    feed_url: str | None = None,
) -> bytes:
    """The feed's bytes. Same arguments, same bytes: no clock, no input-order dependence.

    A podcast's feed in another language (reader.site.feeds) has its own `feed_guid` and
    `feed_url`; its items keep guids from `podcast_guid`."""
    podcast = _xml_safe_podcast(podcast)
    episodes = ordered([_xml_safe_record(record) for record in records])
    generator = _channel(podcast, feed_guid or podcast_guid, episodes, feed_url)
    for record in episodes:
        _add_item(generator, podcast, record, podcast_guid)
    return bytes(generator.rss_str(pretty=True, encoding="UTF-8"))


def _channel(
    podcast: PodcastConfig, guid: str, episodes: Sequence[EpisodeRecord], feed_url: str | None
) -> FeedGenerator:
    generator = FeedGenerator()
    generator.load_extension("podcast")
    generator.register_extension(
        EXTENSION_NAME, PodcastIndexExtension, PodcastIndexEntryExtension, atom=False
    )
    cover_url = podcast.base_url + COVER_NAME
    generator.title(podcast.title)
    generator.description(clip_text(podcast.description))
    # feedgen takes the RSS <link> from the last link given, so the page goes last.
    generator.link(href=feed_url or podcast.feed_url, rel="self", type="application/rss+xml")
    generator.link(href=podcast.base_url, rel="alternate")
    generator.language(podcast.language)
    generator.generator("read-or-listen " + __version__)
    generator.image(url=cover_url, title=podcast.title, link=podcast.base_url)
    generator.author(name=podcast.author, email=podcast.email)
    if episodes:
        newest = episodes[0].published_at
        generator.lastBuildDate(newest)
        generator.pubDate(newest)
    itunes = generator.podcast
    itunes.itunes_image(cover_url)
    parent, _, sub = podcast.category.partition("/")
    itunes.itunes_category({"cat": parent, "sub": sub} if sub else {"cat": parent})
    itunes.itunes_author(podcast.author)
    itunes.itunes_owner(name=podcast.author, email=podcast.email)
    itunes.itunes_type(podcast.type)
    itunes.itunes_summary(clip_text(podcast.description))
    ours: PodcastIndexExtension = getattr(generator, EXTENSION_NAME)
    ours.guid = guid
    ours.locked_owner = podcast.email
    ours.explicit = podcast.explicit
    return generator


def _add_item(
    generator: FeedGenerator, podcast: PodcastConfig, record: EpisodeRecord, podcast_guid: str
) -> None:
    base = podcast.base_url
    entry = generator.add_entry(order="append")
    entry.title(record.title)
    entry.guid(episode_guid(podcast_guid, record.slug), permalink=False)
    entry.pubDate(record.published_at)
    entry.link(href=f"{base}{record.slug}/")
    entry.description(clip_text(record.description.strip() or record.title))
    audio_format = episode_format(record.audio_file)
    entry.enclosure(with_prefix(base + record.audio_file, podcast.enclosure_prefix),
                    str(record.size_bytes), audio_format.mime_type)
    entry.podcast.itunes_duration(duration_seconds(record.duration_ms))
    entry.podcast.itunes_author(record.author or podcast.author)
    entry.podcast.itunes_episode_type("full")
    if record.image:
        entry.podcast.itunes_image(base + record.image)
    for keyword in record.keywords:
        entry.category(term=keyword)
    ours: PodcastIndexEntryExtension = getattr(entry, EXTENSION_NAME)
    ours.explicit = podcast.explicit if record.explicit is None else record.explicit
    ours.keywords = record.keywords
    ours.transcript_url = base + record.vtt_file
    ours.chapters_url = base + record.chapters_file
    ours.chapters = record.chapters
