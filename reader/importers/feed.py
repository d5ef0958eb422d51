"""An RSS 2.0 or Atom feed, from a file or an http(s) URL (feedparser reads both).

The full text comes from `content:encoded` / Atom `content`. An item that carries only a
summary (short, or ending in "[…]" or "Read more") has its page fetched and the article
extracted with trafilatura, as `reader build` does for saved pages. RFC 5005 archive
links (`prev-archive`, and `next` of a paged feed) are followed, each page once.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from ..errors import UserError
from ..fsutil import safe_join
from . import ImportOptions, Post, Skipped, declared_language
from .fetch import fetch, is_url

SUMMARY_MAX_CHARS = 600  # a "full text" shorter than this, with no content element, is a teaser
MAX_PAGES = 500  # archive pages followed at most (a loop of links must end)
_TEASER_END_RE = re.compile(
    r"(\[(?:…|\.\.\.|&hellip;)\]|…|\.\.\.|read more|continue reading[^<]*|more\s*»)"
    r"\s*(?:</a>)?\s*(?:</p>)?\s*$",
    re.IGNORECASE,
)
_ARCHIVE_RELS = ("prev-archive", "next")


def looks_like(head: bytes) -> bool:
    head = head.lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def read(source: str, options: ImportOptions) -> Iterator[Post | Skipped]:
    import feedparser

    seen: set[str] = set()
    location: str | None = source
    pages = 0
    while location is not None and location not in seen and pages < MAX_PAGES:
        seen.add(location)
        pages += 1
        data = (
            fetch(location, timeout=options.timeout) if is_url(location) else _read_file(location)
        )
        parsed = feedparser.parse(data)
        if parsed.bozo and not parsed.entries and not parsed.feed:
            raise UserError("is not an RSS or Atom feed", path=location)
        lang = declared_language(parsed.feed.get("language"))
        for entry in parsed.entries:
            post = _post(entry, location, options)
            # An Atom entry's xml:lang, else the channel's <language>.
            own = declared_language(entry.get("language")) if isinstance(post, Post) else None
            yield replace(post, lang=own or lang) if isinstance(post, Post) else post
        location = _archive_link(parsed.feed, location)


def _read_file(location: str) -> bytes:
    try:
        return Path(location).read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", path=location) from exc


def _archive_link(feed: Any, base: str) -> str | None:
    """The next page of the archive: an http(s) address, or for a feed file, a file in the
    same folder (a feed's links never reach other files on this machine)."""
    for rel in _ARCHIVE_RELS:
        for link in feed.get("links", []):
            href = link.get("href") if link.get("rel") == rel else None
            if not href:
                continue
            if is_url(base) or is_url(href):
                target = urljoin(base, href) if is_url(base) else href
                return target if is_url(target) else None
            folder = Path(base).parent
            return str(safe_join(folder, *Path(href).parts))
    return None


def _post(entry: Any, location: str, options: ImportOptions) -> Post | Skipped:
    from slugify import slugify

    title = (entry.get("title") or "").strip() or "(untitled)"
    link = entry.get("link")
    html = _full_text(entry)
    if html is None:
        if not link or not is_url(link):
            return Skipped(title, "only a summary, and no page address to fetch the article from")
        html = _extracted(link, options)
        if html is None:
            return Skipped(title, f"only a summary, and no article found at {link}")
    date = _date(entry)
    if date is None:
        return Skipped(title, "has no date")
    return Post(
        slug=slugify(_slug_hint(link) or title),
        title=title,
        date=date,
        html=html,
        author=(entry.get("author") or "").strip() or None,
        description=_description(entry.get("summary"), html),
        tags=tuple(t["term"].strip() for t in entry.get("tags", []) if t.get("term")),
        url=link,
    )


def _full_text(entry: Any) -> str | None:
    """The item's full HTML, or None when it carries only a teaser."""
    contents = entry.get("content") or []
    if contents:
        return "\n".join(c.get("value", "") for c in contents)
    summary = entry.get("summary") or ""
    if not summary or len(_plain(summary)) < SUMMARY_MAX_CHARS or _TEASER_END_RE.search(summary):
        return None
    return summary


def _description(summary: str | None, html: str) -> str | None:
    """The item's summary, when it is one the author wrote: not the body, not a teaser
    cut from its start ("The path along the cliff is narrow. […]")."""
    if not summary or _TEASER_END_RE.search(summary):
        return None
    text, body = _plain(summary), _plain(html)
    return None if not text or body.startswith(text) else text


def _extracted(url: str, options: ImportOptions) -> str | None:
    import trafilatura

    page = fetch(url, timeout=options.timeout)
    return trafilatura.extract(
        page.decode("utf-8", errors="replace"),
        url=url,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_links=True,
        favor_precision=True,
    )


def _slug_hint(link: str | None) -> str:
    """The last path segment of the post's address: the old site's own slug."""
    if not link:
        return ""
    path = link.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return re.sub(r"\.html?$", "", last) if "://" in link and path.count("/") > 2 else ""


def _date(entry: Any) -> dt.date | None:
    """The entry's date with its own zone (feedparser's parsed tuples are UTC only)."""
    for key in ("published", "updated", "created"):
        text = entry.get(key)
        if not text:
            continue
        try:
            return email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            pass
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


def _plain(html: str) -> str:
    from ..load.clean import strip_tags, tidy

    return tidy(strip_tags(html))
