"""`reader check`: validate a built site against the feed rules in design.md."""

from __future__ import annotations

import email.utils
import html
import json
import os
import posixpath
import re
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..audio.formats import BY_SUFFIX, AudioFormat, UnreadableAudio, format_of
from ..layout import COVER_NAME, EMBED_ASSET, EMBED_DATA, FEED_NAME, INDEX_PAGE, feed_files
from ..podcast_rules import COVER_MAX_SIDE, COVER_MIN_SIDE, MAX_TEXT_BYTES
from .podcast_ext import ITUNES_NS, PODCAST_NS
from .rss import without_prefix

ATOM_NS = "http://www.w3.org/2005/Atom"
NS = {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "atom": ATOM_NS}
# Our pages are generated, so their attributes are always double-quoted: a regex finds the
# links far faster than an HTML parser would over thousands of pages.
# data-sync names the read-along's timing file, which the page's script fetches.
_LINK = re.compile(r"""(?:href|src|data-sync)="([^"]*)\"""")
_CHANNEL_TEXT = ("title", "description", "link", "language", "itunes:author", "itunes:type",
                 "itunes:explicit")
_ITEM_TEXT = ("title", "guid", "pubDate", "description", "link", "itunes:duration",
              "itunes:explicit")
_KNOWN_SUFFIXES = ", ".join(BY_SUFFIX)


def check_site(output: Path) -> list[str]:
    """Return one human-readable line per problem; empty when the site is fine."""
    if not output.is_dir():
        return [f"{output}: not a folder; run `reader build` first"]
    feeds = feed_files(output)
    if FEED_NAME not in feeds:
        feeds.insert(0, FEED_NAME)  # reported missing
    seen: dict[str, str] = {}  # item guid -> the feed that has it
    prefixes: dict[str, list[str]] = {}  # enclosure prefix ([feed] enclosure_prefix) -> items
    problems: list[str] = []
    for name in feeds:
        problems += _check_feed(output, name, seen, prefixes)
    if len(prefixes) > 1:  # the prefix goes before every enclosure in every feed, or none
        usual = max(prefixes, key=lambda prefix: len(prefixes[prefix]))
        problems += [f"{label}: enclosure has the measurement prefix {prefix!r}, not "
                     f"{usual!r} as the others" for prefix, labels in prefixes.items()
                     if prefix != usual for label in labels]
    problems += _check_feeds_linked(output, feeds)
    problems += _check_cover(output / COVER_NAME)
    problems += _check_pages(output)
    return problems


def _check_feeds_linked(output: Path, feeds: list[str]) -> Iterator[str]:
    """Each feed (one per language) is offered by the podcast's page: a
    <link rel="alternate" type="application/rss+xml" hreflang> that browsers and directories
    discover. (That every link resolves is _check_pages' business.)"""
    try:
        index = (output / INDEX_PAGE).read_text(encoding="utf-8")
    except OSError:
        return  # reported by _check_pages
    alternates = re.findall(r'<link rel="alternate" type="application/rss\+xml"[^>]*>', index)
    for name in feeds:
        if (output / name).is_file() and not any(
            f'href="{name}"' in link and "hreflang=" in link for link in alternates
        ):
            yield f"{output / INDEX_PAGE}: no <link rel=\"alternate\" hreflang> to {name}"


def _check_feed(output: Path, name: str, seen: dict[str, str],
                prefixes: dict[str, list[str]]) -> Iterator[str]:
    """One feed; `seen` (item guid -> feed) finds an episode in two feeds, `prefixes` (each
    enclosure prefix -> its items) one prefixed unlike the others."""
    feed_path = output / name
    where = str(feed_path)
    try:
        root = ET.parse(feed_path).getroot()
    except FileNotFoundError:
        yield f"{where}: missing"
        return
    except ET.ParseError as exc:
        yield f"{where}: not well-formed XML ({exc})"
        return
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        yield f"{where}: not an RSS 2.0 feed (no <rss><channel>)"
        return
    yield from _check_channel(where, channel)
    base = (channel.findtext("link") or "").strip()
    guids: dict[str, str] = {}
    for index, item in enumerate(channel.findall("item"), start=1):
        label = f"{where}: item {index} ({(item.findtext('title') or '').strip()!r})"
        guid = (item.findtext("guid") or "").strip()
        if guid and guid in guids:
            yield f"{label}: guid {guid} repeats item {guids[guid]}"
        elif guid and guid in seen:
            yield f"{label}: guid {guid} is also in {seen[guid]}: an episode has one feed"
        guids.setdefault(guid, str(index))
        seen.setdefault(guid, name)
        yield from _check_item(label, item, output, base, prefixes)


def _check_channel(where: str, channel: ET.Element) -> Iterator[str]:
    for tag in _CHANNEL_TEXT:
        if not (channel.findtext(tag, namespaces=NS) or "").strip():
            yield f"{where}: channel has no <{tag}>"
    description = channel.findtext("description") or ""
    if len(description.encode("utf-8")) > MAX_TEXT_BYTES:
        yield f"{where}: channel description is over {MAX_TEXT_BYTES} bytes"
    explicit = channel.findtext("itunes:explicit", namespaces=NS)
    if explicit is not None and explicit.strip() not in ("true", "false"):
        yield f"{where}: channel itunes:explicit is {explicit!r}, not true/false"
    image = channel.find("itunes:image", NS)
    if image is None or not image.get("href"):
        yield f"{where}: channel has no <itunes:image href=...>"
    if channel.find("itunes:category", NS) is None:
        yield f"{where}: channel has no <itunes:category>"
    if not (channel.findtext("itunes:owner/itunes:email", namespaces=NS) or "").strip():
        yield f"{where}: channel has no <itunes:owner> with <itunes:email>"
    if not any(link.get("rel") == "self" for link in channel.findall("atom:link", NS)):
        yield f'{where}: channel has no <atom:link rel="self">'
    guid = (channel.findtext("podcast:guid", namespaces=NS) or "").strip()
    if not _is_uuid(guid):
        yield f"{where}: channel podcast:guid {guid!r} is not a UUID"
    if channel.find("podcast:locked", NS) is None:
        yield f"{where}: channel has no <podcast:locked>"


def _check_item(label: str, item: ET.Element, output: Path, base: str,
                prefixes: dict[str, list[str]]) -> Iterator[str]:
    for tag in _ITEM_TEXT:
        if not (item.findtext(tag, namespaces=NS) or "").strip():
            yield f"{label}: no <{tag}>"
    pub_date = (item.findtext("pubDate") or "").strip()
    if pub_date:
        try:
            email.utils.parsedate_to_datetime(pub_date)
        except (TypeError, ValueError):
            yield f"{label}: pubDate {pub_date!r} is not an RFC 2822 date"
    yield from _check_enclosure(label, item, output, base, prefixes)
    image = item.find("itunes:image", NS)
    own_cover = _local_file(image.get("href", ""), output, base) if image is not None else None
    if own_cover is not None:
        yield from (f"{label}: {problem}" for problem in _check_cover(own_cover))
    link = (item.findtext("link") or "").strip()
    page = _local_file(link, output, base)
    if page is not None and page.is_dir():
        page = page / INDEX_PAGE  # what a static host serves for a folder URL
    if page is not None and not page.is_file():
        yield f"{label}: link {link!r} has no page in {output}"
    for tag, mime in (("podcast:transcript", "text/vtt"),
                      ("podcast:chapters", "application/json+chapters")):
        problems, file = _sidecar(label, item.find(tag, NS), tag, mime, output, base)
        yield from problems
        if file is not None and tag == "podcast:chapters":
            yield from _check_chapters_json(file)


def _local_file(url: str, output: Path, base: str) -> Path | None:
    """The file in `output` that `url` points at once uploaded to `base`; None if outside."""
    if not base or not url.startswith(base):
        return None
    relative = urllib.parse.unquote(urllib.parse.urlsplit(url[len(base):]).path)
    return output / relative


def _check_enclosure(label: str, item: ET.Element, output: Path, base: str,
                     prefixes: dict[str, list[str]]) -> Iterator[str]:
    enclosure = item.find("enclosure")
    if enclosure is None:
        yield f"{label}: no <enclosure>"
        return
    prefix, url = without_prefix(enclosure.get("url", ""), base)
    prefixes.setdefault(prefix, []).append(label)
    if prefix and not prefix.startswith(("https://", "http://")):
        yield f"{label}: enclosure prefix {prefix!r} is not an http(s) URL"
    length = enclosure.get("length", "")
    audio_format = format_of(urllib.parse.urlsplit(url).path)
    if audio_format is None:
        yield f"{label}: enclosure {url!r} is not an episode file ({_KNOWN_SUFFIXES})"
    elif enclosure.get("type") != audio_format.mime_type:
        yield (f"{label}: enclosure type is {enclosure.get('type')!r}, "
               f"not {audio_format.mime_type}")
    audio = _local_file(url, output, base)
    if audio is None:
        yield f"{label}: enclosure {url!r} is not under the feed's link {base!r}"
        return
    if not audio.is_file():
        yield f"{label}: enclosure file {audio} is missing"
        return
    size = audio.stat().st_size
    if length != str(size):
        yield f"{label}: enclosure length {length!r} but {audio} has {size} bytes"
    if audio_format is not None:
        yield from _check_duration(label, item, audio, audio_format)


def _check_duration(
    label: str, item: ET.Element, audio: Path, audio_format: AudioFormat
) -> Iterator[str]:
    stated = (item.findtext("itunes:duration", namespaces=NS) or "").strip()
    if not stated:
        return
    if not stated.isdigit():
        yield f"{label}: itunes:duration {stated!r} is not whole seconds"
        return
    try:
        actual = audio_format.duration_ms(audio) / 1000
    except UnreadableAudio as exc:
        yield f"{label}: {exc}"
        return
    except OSError as exc:
        yield f"{label}: {audio} is not readable ({exc})"
        return
    if abs(int(stated) - actual) > max(1.0, actual * 0.02):
        yield f"{label}: itunes:duration {stated} s but {audio} lasts {actual:.1f} s"


def _sidecar(label: str, element: ET.Element | None, tag: str, mime: str, output: Path,
             base: str) -> tuple[list[str], Path | None]:
    """Problems with a transcript/chapters tag, and its local file when that exists."""
    if element is None:
        return [f"{label}: no <{tag}>"], None
    problems = []
    if element.get("type") != mime:
        problems.append(f"{label}: {tag} type is {element.get('type')!r}, not {mime}")
    file = _local_file(element.get("url", ""), output, base)
    if file is None or not file.is_file():
        problems.append(f"{label}: {tag} file {file or element.get('url')} is missing")
        return problems, None
    return problems, file


def _check_chapters_json(path: Path) -> Iterator[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield f"{path}: not valid JSON ({exc})"
        return
    chapters = data.get("chapters") if isinstance(data, dict) else None
    if not isinstance(data, dict) or "version" not in data or not isinstance(chapters, list):
        yield f"{path}: not JSON chapters (needs \"version\" and a \"chapters\" list)"
        return
    for index, chapter in enumerate(chapters, start=1):
        if not isinstance(chapter, dict) or not isinstance(chapter.get("startTime"), int | float):
            yield f"{path}: chapter {index} has no numeric startTime"


def _check_cover(cover: Path) -> Iterator[str]:
    try:
        with Image.open(cover) as image:
            width, height = image.size
            mode, kind = image.mode, image.format
    except FileNotFoundError:
        yield f"{cover}: missing"
        return
    except (OSError, UnidentifiedImageError) as exc:
        yield f"{cover}: not a readable image ({exc})"
        return
    if kind not in ("JPEG", "PNG"):
        yield f"{cover}: is {kind}, podcast covers must be JPEG or PNG"
    if width != height:
        yield f"{cover}: is {width}x{height}, podcast covers must be square"
    if not all(COVER_MIN_SIDE <= side <= COVER_MAX_SIDE for side in (width, height)):
        yield (f"{cover}: is {width}x{height}, podcast covers must be "
               f"{COVER_MIN_SIDE}-{COVER_MAX_SIDE} px")
    if mode != "RGB":
        yield f"{cover}: colour mode is {mode}, podcast covers must be RGB"


def _site_files(output: Path) -> set[str]:
    """Every file in the site as a POSIX path relative to `output`: one walk, then links
    are checked by set lookups instead of a stat per link."""
    files: set[str] = set()
    for folder, _, names in os.walk(output):
        relative = os.path.relpath(folder, output)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        files.update(prefix + name for name in names)
    return files


def _check_pages(output: Path) -> Iterator[str]:
    files = _site_files(output)
    pages = [INDEX_PAGE, *sorted(name for name in files if name.count("/") == 1
                                 and name.endswith("/" + INDEX_PAGE))]
    if len(pages) > 1 and EMBED_ASSET not in files:
        yield f"{output / EMBED_ASSET}: missing (the blog's embed; run `reader build`)"
    for page in pages:
        if page not in files:
            yield f"{output / page}: missing"
            continue
        text = (output / page).read_text(encoding="utf-8")
        folder = posixpath.dirname(page)
        if folder and posixpath.join(folder, EMBED_DATA) not in files:
            yield (f"{output / folder / EMBED_DATA}: missing (the episode's data for the "
                   "embed on the blog's pages; run `reader build`)")
        for link in dict.fromkeys(_LINK.findall(text)):
            if not _resolves(link, folder, files):
                yield f"{output / page}: link {link!r} points at nothing in {output}"


def _resolves(link: str, folder: str, files: set[str]) -> bool:
    """True for external links and for relative ones that name a file in the site."""
    parts = urllib.parse.urlsplit(html.unescape(link))
    if parts.scheme or parts.netloc or not parts.path:
        return True  # another site, an app link, or a fragment on this page
    path = urllib.parse.unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    target = posixpath.normpath(joined)
    if target.startswith("../") or target == "..":
        return False  # leaves the site
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, INDEX_PAGE)
    elif target not in files:
        target = posixpath.join(target, INDEX_PAGE)  # a folder named without its slash
    return posixpath.normpath(target) in files


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
