"""A podcast app subscribes to the served feed and downloads every episode.

What an app does, step by step: fetch feed.xml over HTTP; parse it (gPodder's
`podcastparser`, and `feedparser`, which many apps and aggregators use); for each episode
ask HEAD for its size, download it in byte ranges, get cut off half-way and resume with
`Range: bytes=N-`; then trust the feed: the file's size is the enclosure length, the MP3 lasts
itunes:duration, and the chapter frames inside the MP3 agree with the JSON chapters file.

Each check returns a list of problems (empty = fine) so that the same functions can be run on
a deliberately broken feed and shown to complain.
"""

from __future__ import annotations

import dataclasses
import http.client
import io
import json
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
import podcastparser
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

if __package__:
    from .e2e_support import ServedSite, served_site  # noqa: F401  (fixture)
else:
    from e2e_support import ServedSite, served_site  # noqa: F401  (fixture)

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
USER_AGENT = "read-or-listen-e2e/1 (like gPodder)"
# How many bytes of each episode arrive before the connection is cut.
CUT_AFTER_BYTES = 4096
# JSON chapters carry seconds; ID3 CHAP frames carry milliseconds. Both come from one
# assembly, so they may differ only by rounding.
CHAPTER_TOLERANCE_MS = 50


@dataclass(frozen=True)
class FeedEpisode:
    """One episode as a podcast app sees it after subscribing."""

    title: str
    guid: str
    link: str
    url: str
    length: int
    mime_type: str
    duration_s: int
    chapters_url: str | None
    transcript_url: str | None


# -- subscribing ----------------------------------------------------------------------------


def fetch(url: str) -> tuple[bytes, str]:
    """GET `url` like an app: returns the body and its Content-Type."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), response.headers.get("Content-Type", "")


def subscribe(feed_url: str) -> tuple[list[FeedEpisode], list[str]]:
    """Fetch the feed over HTTP and read it with both parsers."""
    body, content_type = fetch(feed_url)
    problems = []
    if not content_type.startswith(("application/rss+xml", "application/xml", "text/xml")):
        problems.append(f"feed served as {content_type!r}, not an XML type")
    episodes, parse_problems = read_feed(body, feed_url)
    return episodes, problems + parse_problems


def read_feed(feed_xml: bytes, feed_url: str) -> tuple[list[FeedEpisode], list[str]]:
    """Parse the feed with podcastparser and feedparser; they must agree on every episode."""
    problems: list[str] = []
    try:
        gpodder = podcastparser.parse(feed_url, io.BytesIO(feed_xml))
    except podcastparser.FeedParseError as exc:
        return [], [f"podcastparser cannot parse the feed: {exc}"]
    parsed = feedparser.parse(feed_xml)
    if parsed.bozo:
        problems.append(f"feedparser: {parsed.bozo_exception}")
    if not gpodder.get("episodes"):
        problems.append("podcastparser finds no episodes")
    if len(parsed.entries) != len(gpodder.get("episodes", [])):
        problems.append(
            f"feedparser sees {len(parsed.entries)} entries, "
            f"podcastparser {len(gpodder.get('episodes', []))}"
        )
    # podcastparser only knows podcast:* under the namespace's GitHub URI and feedparser drops
    # their attributes, so the Podcasting 2.0 links are read from the XML itself, as apps
    # that support them (AntennaPod, Podverse) do.
    links = _podcast_namespace_links(feed_xml)
    episodes = []
    by_guid = {entry.get("id"): entry for entry in parsed.entries}
    for item in gpodder.get("episodes", []):
        episode, item_problems = _episode(item, by_guid.get(item.get("guid")), links)
        problems += item_problems
        if episode is not None:
            episodes.append(episode)
    return episodes, problems


def _episode(
    item: dict[str, Any], entry: Any, links: dict[str, dict[str, str]]
) -> tuple[FeedEpisode | None, list[str]]:
    name = item.get("title") or "(untitled)"
    problems = [f"{name}: no {key}" for key in ("title", "guid", "link") if not item.get(key)]
    if not item.get("published"):
        problems.append(f"{name}: no pubDate podcastparser can read")
    enclosures = item.get("enclosures", [])
    if len(enclosures) != 1:
        return None, problems + [f"{name}: {len(enclosures)} enclosures, expected 1"]
    enclosure = enclosures[0]
    if entry is None:
        return None, problems + [f"{name}: feedparser has no entry with guid {item.get('guid')}"]
    problems += _compare_parsers(name, item, enclosure, entry)
    item_links = links.get(item["guid"], {})
    return (
        FeedEpisode(
            title=item["title"],
            guid=item["guid"],
            link=item.get("link", ""),
            url=enclosure["url"],
            length=enclosure["file_size"],
            mime_type=enclosure["mime_type"],
            duration_s=item.get("total_time", 0),
            chapters_url=item_links.get("chapters"),
            transcript_url=item_links.get("transcript"),
        ),
        problems,
    )


def _compare_parsers(name: str, item: dict[str, Any], enclosure: dict[str, Any],
                     entry: Any) -> list[str]:
    problems = []
    if entry.get("title") != item["title"]:
        problems.append(f"{name}: feedparser title {entry.get('title')!r} differs")
    fp_enclosures = entry.get("enclosures", [])
    if len(fp_enclosures) != 1:
        return problems + [f"{name}: feedparser sees {len(fp_enclosures)} enclosures"]
    fp = fp_enclosures[0]
    if fp.get("href") != enclosure["url"]:
        problems.append(f"{name}: enclosure url {fp.get('href')} vs {enclosure['url']}")
    if str(fp.get("length")) != str(enclosure["file_size"]):
        problems.append(f"{name}: enclosure length {fp.get('length')} vs {enclosure['file_size']}")
    if enclosure["mime_type"] != "audio/mpeg":
        problems.append(f"{name}: enclosure type {enclosure['mime_type']!r}, not audio/mpeg")
    duration = entry.get("itunes_duration", "")
    if not duration.isdigit() or int(duration) != item.get("total_time"):
        problems.append(
            f"{name}: itunes:duration {duration!r} is not the whole seconds podcastparser "
            f"read ({item.get('total_time')})"
        )
    if item.get("total_time", 0) <= 0:
        problems.append(f"{name}: no itunes:duration")
    return problems


def _podcast_namespace_links(feed_xml: bytes) -> dict[str, dict[str, str]]:
    """guid -> {"chapters": url, "transcript": url} from podcast:chapters/podcast:transcript."""
    links: dict[str, dict[str, str]] = {}
    for item in ET.fromstring(feed_xml).iter("item"):
        guid = (item.findtext("guid") or "").strip()
        found = {}
        for tag in ("chapters", "transcript"):
            element = item.find(f"{{{PODCAST_NS}}}{tag}")
            if element is not None and element.get("url"):
                found[tag] = element.get("url", "")
        links[guid] = found
    return links


# -- downloading ----------------------------------------------------------------------------


def _connect(url: str) -> tuple[http.client.HTTPConnection, str]:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"not a plain http URL: {url}")
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10), path


def head(url: str) -> tuple[int, dict[str, str]]:
    connection, path = _connect(url)
    try:
        connection.request("HEAD", path, headers={"User-Agent": USER_AGENT})
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def get_range(url: str, start: int, *, read_at_most: int | None = None
              ) -> tuple[int, dict[str, str], bytes]:
    """GET `Range: bytes=start-`. With `read_at_most`, read only that much and then drop the
    connection mid-body, as a phone does when it loses signal."""
    connection, path = _connect(url)
    try:
        connection.request(
            "GET", path, headers={"User-Agent": USER_AGENT, "Range": f"bytes={start}-"}
        )
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        body = response.read(read_at_most) if read_at_most is not None else response.read()
        return response.status, headers, body
    finally:
        connection.close()


def download_like_an_app(episode: FeedEpisode, destination: Path) -> list[str]:
    """HEAD, a ranged GET cut off after CUT_AFTER_BYTES, then resume from where it stopped."""
    name = episode.title
    status, headers = head(episode.url)
    if status != 200:
        return [f"{name}: HEAD {episode.url} answered {status}"]
    problems = []
    if headers.get("accept-ranges") != "bytes":
        problems.append(f"{name}: HEAD has no 'Accept-Ranges: bytes'")
    if not headers.get("content-type", "").startswith("audio/mpeg"):
        problems.append(f"{name}: served as {headers.get('content-type')!r}, not audio/mpeg")
    total = int(headers.get("content-length", "-1"))
    if total != episode.length:
        problems.append(f"{name}: HEAD Content-Length {total} != enclosure length "
                        f"{episode.length}")
    status, headers, first = get_range(episode.url, 0, read_at_most=CUT_AFTER_BYTES)
    if status != 206:
        problems.append(f"{name}: Range: bytes=0- answered {status}, not 206")
    status, headers, rest = get_range(episode.url, len(first))
    expected_range = f"bytes {len(first)}-{total - 1}/{total}"
    if status != 206 or headers.get("content-range") != expected_range:
        problems.append(
            f"{name}: resuming at byte {len(first)} answered {status} "
            f"{headers.get('content-range')!r}, expected 206 {expected_range!r}"
        )
    destination.write_bytes(first + rest)
    return problems


# -- checking what arrived against the feed ---------------------------------------------------


def check_episode_file(episode: FeedEpisode, mp3: Path) -> list[str]:
    """Size, duration and chapter frames of a downloaded MP3 against what the feed promised."""
    name = episode.title
    problems = []
    size = mp3.stat().st_size
    if size != episode.length:
        problems.append(f"{name}: downloaded {size} bytes, enclosure length says {episode.length}")
    seconds = MP3(mp3).info.length
    # itunes:duration is whole seconds, rounded or truncated: within one second either way.
    if abs(seconds - episode.duration_s) > 1.0:
        problems.append(f"{name}: MP3 lasts {seconds:.2f} s, itunes:duration says "
                        f"{episode.duration_s} s")
    if episode.chapters_url is None:
        return problems + [f"{name}: no podcast:chapters"]
    body, content_type = fetch(episode.chapters_url)
    if "json" not in content_type:
        problems.append(f"{name}: chapters served as {content_type!r}")
    return problems + check_chapter_frames(name, mp3, json.loads(body), seconds)


def check_chapter_frames(name: str, mp3: Path, chapters_json: dict[str, Any],
                         seconds: float) -> list[str]:
    """ID3 CTOC + CHAP frames must list the JSON chapters, in order, at the same times."""
    tags = ID3(mp3)
    chapters = chapters_json.get("chapters", [])
    problems = []
    if chapters_json.get("version") != "1.2.0":
        problems.append(f"{name}: chapters JSON version {chapters_json.get('version')!r}")
    tocs = [frame for frame in tags.getall("CTOC") if frame.flags & 0x02]  # top-level
    frames = {frame.element_id: frame for frame in tags.getall("CHAP")}
    if len(tocs) != 1:
        return problems + [f"{name}: {len(tocs)} top-level CTOC frames, expected 1"]
    order = list(tocs[0].child_element_ids)
    if not tocs[0].flags & 0x01:
        problems.append(f"{name}: the CTOC is not marked ordered")
    if sorted(order) != sorted(frames):
        problems.append(f"{name}: CTOC lists {order}, CHAP frames are {sorted(frames)}")
    if len(order) != len(chapters):
        return problems + [f"{name}: {len(order)} CHAP frames, {len(chapters)} JSON chapters"]
    for element_id, chapter in zip(order, chapters, strict=True):
        frame = frames.get(element_id)
        if frame is None:
            continue
        title = str(frame.sub_frames["TIT2"]) if "TIT2" in frame.sub_frames else None
        if title != chapter.get("title"):
            problems.append(f"{name}: CHAP {element_id} title {title!r} vs JSON "
                            f"{chapter.get('title')!r}")
        json_ms = round(float(chapter.get("startTime", -1)) * 1000)
        if abs(frame.start_time - json_ms) > CHAPTER_TOLERANCE_MS:
            problems.append(f"{name}: CHAP {element_id} starts at {frame.start_time} ms, "
                            f"JSON chapter {chapter.get('title')!r} at {json_ms} ms")
        if frame.end_time > seconds * 1000 + CHAPTER_TOLERANCE_MS:
            problems.append(f"{name}: CHAP {element_id} ends after the audio")
    return problems


def listen_to_everything(feed_url: str, downloads: Path) -> list[str]:
    """The whole app journey; every problem found, one line each."""
    episodes, problems = subscribe(feed_url)
    for number, episode in enumerate(episodes):
        mp3 = downloads / f"episode-{number}.mp3"
        problems += download_like_an_app(episode, mp3)
        if mp3.is_file():
            problems += check_episode_file(episode, mp3)
    return problems


# -- the tests --------------------------------------------------------------------------------


def test_a_podcast_app_subscribes_and_downloads_every_episode_intact(
    served_site: ServedSite, tmp_path: Path
) -> None:
    assert listen_to_everything(served_site.feed_url, tmp_path) == []


def test_both_parsers_see_every_article_as_an_episode_with_its_links(
    served_site: ServedSite,
) -> None:
    episodes, problems = subscribe(served_site.feed_url)
    assert problems == []
    assert sorted(e.title for e in episodes) == sorted(a.title for a in served_site.articles)
    for episode in episodes:
        assert episode.url.startswith(served_site.base_url + "episodes/")
        assert episode.link.startswith(served_site.base_url)
        assert episode.chapters_url and episode.transcript_url
        vtt, _ = fetch(episode.transcript_url)
        assert vtt.startswith(b"WEBVTT")
        page, content_type = fetch(episode.link)
        assert content_type.startswith("text/html")
        assert episode.title.encode() in page


def test_resuming_after_a_cut_connection_gives_the_same_bytes_as_the_file(
    served_site: ServedSite, tmp_path: Path
) -> None:
    episodes, _ = subscribe(served_site.feed_url)
    episode = episodes[0]
    assert download_like_an_app(episode, tmp_path / "resumed.mp3") == []
    original = served_site.folder / urllib.parse.urlsplit(episode.url).path.lstrip("/")
    assert (tmp_path / "resumed.mp3").read_bytes() == original.read_bytes()


# -- break it on purpose: the checks above must notice ----------------------------------------


def _served_feed(served_site: ServedSite) -> bytes:
    body, _ = fetch(served_site.feed_url)
    return body


def test_a_wrong_enclosure_length_is_caught(served_site: ServedSite, tmp_path: Path) -> None:
    feed = _served_feed(served_site)
    episodes, _ = read_feed(feed, served_site.feed_url)
    true_length = episodes[0].length
    broken = feed.replace(
        f'length="{true_length}"'.encode(), f'length="{true_length + 1}"'.encode(), 1
    )
    assert broken != feed, "could not find the enclosure length to break"
    broken_episodes, _ = read_feed(broken, served_site.feed_url)
    lying = next(e for e in broken_episodes if e.length == true_length + 1)
    problems = download_like_an_app(lying, tmp_path / "x.mp3")
    problems += check_episode_file(lying, tmp_path / "x.mp3")
    assert any("enclosure length" in problem for problem in problems), problems


def test_a_wrong_duration_and_moved_chapter_are_caught(
    served_site: ServedSite, tmp_path: Path
) -> None:
    episodes, _ = subscribe(served_site.feed_url)
    episode = episodes[0]
    mp3 = tmp_path / "episode.mp3"
    assert download_like_an_app(episode, mp3) == []
    too_long = dataclasses.replace(episode, duration_s=episode.duration_s + 5)
    assert any("itunes:duration" in p for p in check_episode_file(too_long, mp3))
    assert episode.chapters_url
    chapters = json.loads(fetch(episode.chapters_url)[0])
    chapters["chapters"][-1]["startTime"] += 2.0
    problems = check_chapter_frames(episode.title, mp3, chapters, MP3(mp3).info.length)
    assert any("JSON chapter" in p for p in problems), problems


@pytest.mark.parametrize("tag", ["enclosure", "guid"])
def test_a_feed_missing_what_apps_need_is_caught(served_site: ServedSite, tag: str) -> None:
    root = ET.fromstring(_served_feed(served_site))
    item = next(root.iter("item"))
    element = item.find(tag)
    assert element is not None
    item.remove(element)
    _, problems = read_feed(ET.tostring(root), served_site.feed_url)
    assert problems, f"removing <{tag}> went unnoticed"
