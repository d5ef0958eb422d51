"""feed.xml: what podcast apps read. Parsed over HTTP with the parsers apps use
(gPodder's podcastparser and feedparser), and checked tag by tag."""

from __future__ import annotations

import dataclasses
import random
import urllib.request
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import feedparser
import podcastparser
import pytest

from reader.models import EpisodeRecord
from reader.serve import SiteServer, serve_in_background
from reader.site import write_site
from reader.site.guid import GUID_FILE_NAME, episode_guid, guid_for_feed_url
from reader.site.podcast_ext import ITUNES_NS, PODCAST_NS
from reader.site.rss import clip_text

try:  # tests as a package, or as loose modules (pytest's default rootdir import)
    from .site_support import add_episode, site_config, three_episodes
except ImportError:
    from site_support import add_episode, site_config, three_episodes  # type: ignore[no-redef]

NS = {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[EpisodeRecord]]:
    root = tmp_path_factory.mktemp("feedsite")
    config = site_config(root)
    output = root / "output"
    records = three_episodes(output)
    write_site(output, config, records)
    return output, records


@pytest.fixture(scope="module")
def server(built: tuple[Path, list[EpisodeRecord]]) -> Iterator[SiteServer]:
    running = serve_in_background(built[0])
    yield running
    running.shutdown()
    running.server_close()


def channel_of(output: Path) -> ET.Element:
    channel = ET.parse(output / "feed.xml").getroot().find("channel")
    assert channel is not None
    return channel


def test_podcastparser_over_http_reads_every_episode_completely(
    server: SiteServer, built: tuple[Path, list[EpisodeRecord]]
) -> None:
    output, records = built
    feed_url = server.url + "feed.xml"
    with urllib.request.urlopen(feed_url, timeout=5) as response:
        assert response.headers["Content-Type"] == "application/rss+xml"
        parsed = podcastparser.parse(feed_url, response)
    assert parsed["title"] == "Listening Post"
    assert parsed["type"] == "episodic"
    assert parsed["explicit"] is False
    # podcastparser reads podcast:* (locked, transcript) only under the namespace's old GitHub
    # URI; we write the official URI (see podcast_ext), so it reports neither.
    assert "import_prohibited" not in parsed
    by_title = {episode["title"]: episode for episode in parsed["episodes"]}
    assert set(by_title) == {record.title for record in records}
    for record in records:
        episode = by_title[record.title]
        (enclosure,) = episode["enclosures"]
        assert enclosure["url"] == "https://example.com/listen/" + record.audio_file
        assert enclosure["mime_type"] == "audio/mpeg"
        assert enclosure["file_size"] == (output / record.audio_file).stat().st_size
        assert episode["total_time"] == round(record.duration_ms / 1000)
        assert uuid.UUID(episode["guid"])
        assert episode["link"] == f"https://example.com/listen/{record.slug}/"
        assert episode["explicit"] is (record.explicit is True)
        assert [c["title"] for c in episode["chapters"]] == ["Opening", "Second thoughts"]
        assert episode["chapters"][1]["start"] == record.chapters[1].start_ms // 1000  # whole s
        assert "transcript_url" not in episode


def test_feedparser_over_http_without_errors(
    server: SiteServer, built: tuple[Path, list[EpisodeRecord]]
) -> None:
    output, records = built
    parsed = feedparser.parse(server.url + "feed.xml")
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.headers["content-type"] == "application/rss+xml"
    assert parsed.feed.title == "Listening Post"
    assert parsed.feed.language == "en"
    assert parsed.feed.image.href == "https://example.com/listen/cover.jpg"
    assert parsed.feed.tags[0].term == "Health & Fitness"
    assert parsed.feed.publisher_detail.email == "ada@example.com"
    # feedparser 6 maps itunes:explicit true/false to None (it only knows yes/clean)
    assert parsed.feed.itunes_explicit is None
    assert parsed.feed.podcast_guid == channel_of(output).findtext("podcast:guid",
                                                                   namespaces=NS)
    for entry, record in zip(parsed.entries, ordered_records(records), strict=True):
        assert entry.title == record.title
        assert entry.guidislink is False
        (enclosure,) = entry.enclosures
        assert int(enclosure.length) == record.size_bytes
        assert enclosure.type == "audio/mpeg"
        assert entry.itunes_duration == str(round(record.duration_ms / 1000))
        assert entry.podcast_transcript["url"].endswith(f"episodes/{record.slug}.vtt")
        assert entry.podcast_transcript["type"] == "text/vtt"
        assert entry.podcast_chapters["url"].endswith(f"episodes/{record.slug}.chapters.json")
        assert entry.podcast_chapters["type"] == "application/json+chapters"
        assert entry.published_parsed[:3] == tuple(int(x) for x in record.date.split("-"))


def ordered_records(records: list[EpisodeRecord]) -> list[EpisodeRecord]:
    return sorted(sorted(records, key=lambda r: r.slug), key=lambda r: r.date, reverse=True)


def test_channel_tags(built: tuple[Path, list[EpisodeRecord]]) -> None:
    output, _ = built
    channel = channel_of(output)
    assert channel.findtext("link") == "https://example.com/listen/"
    assert channel.findtext("itunes:explicit", namespaces=NS) == "false"
    category = channel.find("itunes:category", NS)
    assert category is not None and category.get("text") == "Health & Fitness"
    sub = category.find("itunes:category", NS)
    assert sub is not None and sub.get("text") == "Mental Health"
    self_link = channel.find("atom:link", NS)
    assert self_link is not None and self_link.get("rel") == "self"
    assert self_link.get("href") == "https://example.com/listen/feed.xml"
    locked = channel.find("podcast:locked", NS)
    assert locked is not None and locked.text == "yes"
    assert channel.findtext("itunes:owner/itunes:email", namespaces=NS) == "ada@example.com"
    assert channel.findtext("generator", "").startswith("read-or-listen")
    # lastBuildDate is the newest episode's date, not the clock
    assert channel.findtext("lastBuildDate") == "Sat, 10 Feb 2024 12:00:00 +0000"


def test_items_newest_first_with_slug_breaking_ties(
    built: tuple[Path, list[EpisodeRecord]]
) -> None:
    output, _ = built
    links = [item.findtext("link") for item in channel_of(output).findall("item")]
    assert links == [f"https://example.com/listen/{slug}/"
                     for slug in ("deep-friendships", "quiet-hours", "first-light")]
    explicit = [item.findtext("itunes:explicit", namespaces=NS)
                for item in channel_of(output).findall("item")]
    assert explicit == ["true", "false", "false"]


def test_same_input_gives_the_same_bytes_whatever_the_order(tmp_path: Path) -> None:
    config = site_config(tmp_path)
    output = tmp_path / "output"
    records = three_episodes(output)
    write_site(output, config, records)
    first = (output / "feed.xml").read_bytes()
    mtime = (output / "feed.xml").stat().st_mtime_ns
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    write_site(output, config, shuffled)
    assert (output / "feed.xml").read_bytes() == first
    assert (output / "feed.xml").stat().st_mtime_ns == mtime  # unchanged files not rewritten


def test_podcast_guid_follows_the_spec_and_survives_a_move(tmp_path: Path) -> None:
    # The namespace spec's own example
    assert guid_for_feed_url("https://mp3s.nashownotes.com/pc20rss.xml") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert guid_for_feed_url("http://mp3s.nashownotes.com/pc20rss.xml/") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    output = tmp_path / "output"
    records = three_episodes(output)
    write_site(output, site_config(tmp_path), records)
    guid = channel_of(output).findtext("podcast:guid", namespaces=NS)
    item_guids = [item.findtext("guid") for item in channel_of(output).findall("item")]
    assert guid == guid_for_feed_url("https://example.com/listen/feed.xml")
    assert (tmp_path / GUID_FILE_NAME).read_text().strip() == guid

    moved = site_config(tmp_path, base_url="https://podcasts.example.org/")
    write_site(output, moved, records)
    channel = channel_of(output)
    assert channel.findtext("podcast:guid", namespaces=NS) == guid
    assert [item.findtext("guid") for item in channel.findall("item")] == item_guids
    enclosure = channel.find("item/enclosure")
    assert enclosure is not None
    assert enclosure.get("url", "").startswith("https://podcasts.example.org/episodes/")


def test_episode_guid_depends_only_on_podcast_and_slug(tmp_path: Path) -> None:
    output = tmp_path / "output"
    config = site_config(tmp_path)
    record = add_episode(output, "same-slug", title="First title")
    write_site(output, config, [record])
    before = channel_of(output).findtext("item/guid")
    edited = dataclasses.replace(record, title="A new title", description="Rewritten",
                                 date="2025-05-05", size_bytes=record.size_bytes)
    write_site(output, config, [edited])
    assert channel_of(output).findtext("item/guid") == before
    podcast = (tmp_path / GUID_FILE_NAME).read_text().strip()
    assert before == episode_guid(podcast, "same-slug")
    assert before != episode_guid(podcast, "other-slug")


def test_markup_in_titles_is_text_not_markup(tmp_path: Path) -> None:
    output = tmp_path / "output"
    record = add_episode(output, "xss", title="<script>alert(1)</script> & more")
    write_site(output, site_config(tmp_path), [record])
    assert channel_of(output).findtext("item/title") == "<script>alert(1)</script> & more"
    assert b"<script>" not in (output / "feed.xml").read_bytes()


def test_long_descriptions_are_clipped_to_4000_bytes() -> None:
    text = "word " * 2000
    clipped = clip_text(text)
    assert len(clipped.encode("utf-8")) <= 4000
    assert clipped.endswith("…")
    assert clip_text("short") == "short"
