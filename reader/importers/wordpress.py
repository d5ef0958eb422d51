"""A WordPress export (WXR: Tools → Export → All content), an RSS file with wp: fields.

Public published posts only (pages with `pages`); drafts, private, scheduled and trashed
items, password-protected posts (a public podcast must not read them out), attachments and
menu items are reported as skipped. WordPress writes the export namespace with http:// or
https:// (current versions: https), and both are the same format. Authors by display name,
dates from `wp:post_date_gmt`, categories and tags by their names, slugs percent-decoded
(`%ce%b5…` is the Greek WordPress shows) before they become file names. Block-editor
footnotes, kept in the post's `footnotes` meta field, join the body as a footnote list.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import UserError
from . import ImportOptions, Post, Skipped, declared_language
from .html import clean_wordpress
from .xml import parse_xml

WP = "{http://wordpress.org/export/1.2/}"
_WP_NAMESPACE_RE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/$")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"


def looks_like(head: bytes) -> bool:
    return b"://wordpress.org/export/" in head


def read(source: str, options: ImportOptions) -> Iterator[Post | Skipped]:
    root = parse_xml(Path(source).read_bytes(), source)
    channel = root.find("channel")
    if channel is None:
        raise UserError("is not a WordPress export (no <channel>)", path=source)
    wp = _namespace(root)
    authors = {
        _text(a, f"{wp}author_login"): _text(a, f"{wp}author_display_name")
        for a in channel.findall(f"{wp}author")
    }
    wanted = {"post", "page"} if options.pages else {"post"}
    lang = declared_language(_text(channel, "language"))  # "fr-FR": the blog's language
    for item in channel.findall("item"):
        # WordPress writes titles HTML-escaped even inside CDATA ("Tides &amp; Tables").
        title = html.unescape(_text(item, "title")) or "(untitled)"
        kind = _text(item, f"{wp}post_type")
        status = _text(item, f"{wp}status")
        if kind not in wanted:
            hint = " (add --pages)" if kind == "page" else ""
            yield Skipped(title, f"{_a(kind or 'item')}, not a post{hint}")
            continue
        if status != "publish":
            yield Skipped(title, f"not published ({status or 'no status'})")
            continue
        if _text(item, f"{wp}post_password"):
            yield Skipped(title, "password-protected: a public podcast would read it to anyone")
            continue
        yield replace(_post(item, wp, title, authors), lang=lang)


def _post(item: Any, wp: str, title: str, authors: dict[str, str]) -> Post:
    from slugify import slugify

    login = _text(item, DC_CREATOR)
    terms = [
        (c.get("domain"), c.get("nicename"), (c.text or "").strip())
        for c in item.findall("category")
    ]
    tags = [name for domain, _, name in terms if domain == "post_tag" and name]
    # "Uncategorized" is WordPress's default, not a topic.
    categories = [
        name
        for domain, nice, name in terms
        if domain == "category" and name and nice != "uncategorized"
    ]
    excerpt = _text(item, wp[:-1] + "excerpt/}encoded")  # {…/export/1.2/excerpt/}
    return Post(
        slug=slugify(urllib.parse.unquote(_text(item, f"{wp}post_name")) or title),
        title=title,
        date=_gmt(_text(item, f"{wp}post_date_gmt")) or _gmt(_text(item, f"{wp}post_date")),
        html=clean_wordpress(_text(item, CONTENT)) + _block_footnotes(item, wp),
        author=authors.get(login) or login or None,
        description=excerpt or None,
        tags=tuple(tags),
        categories=tuple(categories),
        url=_text(item, "link") or None,
    )


def _block_footnotes(item: Any, wp: str) -> str:
    """The block editor keeps footnote texts in post meta (`footnotes`: JSON [{id, content}]),
    the body only their markers; as the list WordPress renders, so html.py reads them as
    footnotes."""
    for meta in item.findall(f"{wp}postmeta"):
        if _text(meta, f"{wp}meta_key") != "footnotes":
            continue
        try:
            notes = json.loads(_text(meta, f"{wp}meta_value") or "[]")
        except ValueError:
            return ""
        items = "".join(
            f"<li>{note.get('content', '')}</li>" for note in notes if isinstance(note, dict)
        )
        return f'<ol class="wp-block-footnotes">{items}</ol>' if items else ""
    return ""


def _namespace(root: Any) -> str:
    """`{http://wordpress.org/export/1.2/}`: WXR 1.0, 1.1 and 1.2 differ only in it."""
    for namespace in root.nsmap.values() if hasattr(root, "nsmap") else ():
        if namespace and _WP_NAMESPACE_RE.match(namespace):
            return "{" + namespace + "}"
    return WP


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _gmt(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)
    except ValueError:
        return dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _text(element: Any, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "").strip() if found is not None else ""
