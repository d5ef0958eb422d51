"""A Ghost JSON export (Settings → Labs → Export your content).

Posts are `db[0].data.posts` (pages too with `pages`: `type: "page"`, or `page: true` in
old exports); published only. Authors come from `posts_authors` + `users` in their
order, tags from `posts_tags` + `tags` (internal `#tags` left out). Ghost writes its own
address as `__GHOST_URL__`: it is replaced by `site_url` when given; else links to the
old site keep only their text and its images are left out (a root-relative link would
point at nothing on the new site, and `reader check` says so).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import UserError
from . import ImportOptions, Post, Skipped, declared_language

GHOST_URL = "__GHOST_URL__"


def looks_like(head: bytes) -> bool:
    start = head.lstrip()
    return start.startswith(b"{") and b'"db"' in head


def read(source: str, options: ImportOptions) -> Iterator[Post | Skipped]:
    from slugify import slugify

    data = _data(source)
    names = {user.get("id"): user.get("name") for user in data.get("users", [])}
    tag_names = {tag.get("id"): tag.get("name") for tag in data.get("tags", [])}
    authors = _joined(data.get("posts_authors", []), "author_id", names)
    tags = _joined(data.get("posts_tags", []), "tag_id", tag_names)
    wanted = {"post", "page"} if options.pages else {"post"}
    site = (options.site_url or "").rstrip("/")
    lang = declared_language(_setting(data, "locale") or _setting(data, "lang"))
    for item in data.get("posts", []):
        title = str(item.get("title") or "(untitled)")
        kind = item.get("type") or ("page" if item.get("page") else "post")
        if kind not in wanted:
            hint = " (add --pages)" if kind == "page" else ""
            yield Skipped(title, f"a {kind}, not a post{hint}")
            continue
        if item.get("status") != "published":
            yield Skipped(title, f"not published ({item.get('status') or 'no status'})")
            continue
        html = item.get("html")
        if not html:
            yield Skipped(title, "has no HTML in the export (export again from Ghost 2 or later)")
            continue
        date = _date(item.get("published_at"))
        if date is None:
            yield Skipped(title, "has no published_at date")
            continue
        post_id = item.get("id")
        yield Post(
            slug=slugify(str(item.get("slug") or title)),
            title=title,
            date=date,
            html=_resolve(html, site),
            author=", ".join(authors[post_id]) or None,
            description=(item.get("custom_excerpt") or "").strip() or None,
            tags=tuple(t for t in tags[post_id] if not t.startswith("#")),
            url=f"{site}/{item.get('slug')}/" if site else None,
            lang=declared_language(item.get("locale")) or lang,
        )


_OWN_LINK_RE = re.compile(
    r"<a\b[^>]*\bhref=[\"']" + GHOST_URL + r"[^>]*>(.*?)</a\s*>", re.IGNORECASE | re.DOTALL
)
_OWN_IMAGE_RE = re.compile(r"<img\b[^>]*\bsrc=[\"']" + GHOST_URL + r"[^>]*>", re.IGNORECASE)


def _resolve(html: str, site: str) -> str:
    if site:
        return html.replace(GHOST_URL, site)
    html = _OWN_LINK_RE.sub(r"\1", html)
    html = _OWN_IMAGE_RE.sub("", html)
    return html.replace(GHOST_URL, "")


def _setting(data: dict[str, Any], key: str) -> str | None:
    """A site setting of the export (Ghost keeps the site's language as `locale`)."""
    for row in data.get("settings", []):
        if isinstance(row, dict) and row.get("key") == key and row.get("value"):
            return str(row["value"])
    return None


def _data(source: str) -> dict[str, Any]:
    try:
        document = json.loads(Path(source).read_text(encoding="utf-8"))
        data = document["db"][0]["data"]
    except OSError as exc:
        raise UserError(f"cannot read: {exc.strerror}", path=source) from exc
    except (ValueError, KeyError, IndexError, TypeError):
        raise UserError("is not a Ghost export (no db[0].data)", path=source) from None
    if not isinstance(data, dict):
        raise UserError("is not a Ghost export (no db[0].data)", path=source)
    return data


def _joined(rows: list[dict[str, Any]], key: str, names: dict[Any, Any]) -> dict[Any, list[str]]:
    """post id → names, in the export's sort_order."""
    by_post: dict[Any, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        name = names.get(row.get(key))
        if name:
            by_post[row.get("post_id")].append((int(row.get("sort_order") or 0), str(name)))
    joined: dict[Any, list[str]] = defaultdict(list)
    joined.update({post: [n for _, n in sorted(pairs)] for post, pairs in by_post.items()})
    return joined


def _date(text: Any) -> dt.datetime | None:
    """`2025-01-02T10:00:00.000Z` → an aware moment (Ghost stores UTC)."""
    try:
        moment = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
