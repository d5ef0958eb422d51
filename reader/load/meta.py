"""Article metadata: front matter first, then what the body and file name say."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

from ..errors import ArticleError
from .clean import strip_controls

log = logging.getLogger(__name__)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE_PREFIX_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
DESCRIPTION_MAX_CHARS = 200


# A page bundle (Hugo, Eleventy, Astro) is a folder holding index.md and its images: the
# folder's name is the article's.
BUNDLE_STEMS = {"index"}


def file_name_parts(path: Path) -> tuple[dt.date | None, str]:
    """`2026-03-14-why-we-read-aloud.md` → (2026-03-14, "why-we-read-aloud").

    A bundle's `my-trip/index.md` is named by its folder: (None, "my-trip")."""
    stem = path.parent.name if path.stem.lower() in BUNDLE_STEMS else path.stem
    match = _DATE_PREFIX_RE.match(stem)
    if match:
        try:
            return dt.date.fromisoformat(match.group(1)), match.group(2)
        except ValueError:
            return None, stem
    return None, stem


def resolve_date(value: Any, path: Path, *, strict: bool = True) -> dt.date:
    """Front matter (or page metadata) → file-name prefix → file time with a warning."""
    if value is not None and value != "":
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
        if strict:
            raise ArticleError(
                f"date {str(value)!r} is not a date; write it as YYYY-MM-DD "
                "or YYYY-MM-DDTHH:MM:SS+01:00",
                path=path,
            )
    prefix_date, _ = file_name_parts(path)
    if prefix_date is not None:
        return prefix_date
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC).date()
    log.warning(
        "%s: no date in front matter or file name; using the file time %s "
        "(add `date: YYYY-MM-DD` or a YYYY-MM-DD- file-name prefix)",
        path,
        mtime.isoformat(),
    )
    return mtime


# Jekyll writes "2025-11-02 08:30:00 +0100": a space and no colon before the offset.
_SPACED_OFFSET_RE = re.compile(r"\s*([+-]\d{2}):?(\d{2})$")


def parse_date(value: Any) -> dt.date | None:
    """A day, or an aware moment when a time is given (a naive time is taken as UTC, as
    Hugo and Jekyll do when the site sets no time zone); None if it is neither."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    if len(text) > 19:
        text = _SPACED_OFFSET_RE.sub(r"\1:\2", text)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def optional_date(value: Any, key: str, path: Path) -> dt.date | None:
    """A front-matter date such as `publishDate` or `expiryDate`; absent → None."""
    if value is None or value == "":
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ArticleError(f"front matter `{key}` {str(value)!r} is not a date", path=path)
    return parsed


def resolve_slug(value: Any, path: Path) -> str:
    """Front matter `slug` (must already be a slug) → the file or bundle name, made one.

    A file name is whatever the author's generator accepted ("My Trip.md"), so it is
    turned into a slug; a slug the author typed is their choice, so a bad one is an error."""
    if value is not None and value != "":
        slug = str(value)
        if not SLUG_RE.match(slug):
            raise ArticleError(
                f"front matter slug {slug!r} is not a valid slug; use lowercase letters, "
                "digits and hyphens (e.g. `slug: my-article`)",
                path=path,
            )
        return slug
    from slugify import slugify

    name = file_name_parts(path)[1]
    slug = slugify(name)
    if not slug:
        raise ArticleError(
            f"file name {name!r} gives no slug; rename it or set `slug: my-article`", path=path
        )
    return slug


def keywords(front: dict[str, Any], path: Path) -> tuple[str, ...]:
    """`tags` then `categories` (a list or one comma-separated string), first spelling wins."""
    seen: dict[str, str] = {}
    for key in ("tags", "categories", "keywords"):
        value = front.get(key)
        if value is None:
            continue
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ArticleError(f"front matter `{key}` must be a list of words", path=path)
        for item in items:
            text = optional_str(item, key, path)
            if text:
                seen.setdefault(text.casefold(), text)
    return tuple(seen.values())


def text_list(value: Any, key: str, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise ArticleError(f"front matter `{key}` must be a list", path=path)
    return tuple(t for t in (optional_str(item, key, path) for item in items) if t)


def describe(paragraphs: list[str]) -> str:
    """The first paragraph, cut at a word boundary to ~200 characters."""
    if not paragraphs:
        return ""
    first = paragraphs[0]
    if len(first) <= DESCRIPTION_MAX_CHARS:
        return first
    cut = first[:DESCRIPTION_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:–— ")
    return cut + "…"


def optional_str(value: Any, key: str, path: Path) -> str | None:
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        # YAML escapes ("\a", "\e", "\0") put control characters back after decoding.
        text = strip_controls(str(value)).strip()
        return text or None
    raise ArticleError(f"front matter `{key}` must be text", path=path)


def optional_bool(value: Any, key: str, path: Path) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "yes", "false", "no"):
        return value.lower() in ("true", "yes")
    raise ArticleError(f"front matter `{key}` must be true or false", path=path)
