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


def file_name_parts(path: Path) -> tuple[dt.date | None, str]:
    """`2026-03-14-why-we-read-aloud.md` → (2026-03-14, "why-we-read-aloud")."""
    stem = path.stem
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
                f"date {str(value)!r} is not a date; write it as YYYY-MM-DD", path=path
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


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def resolve_slug(value: Any, path: Path) -> str:
    if value is not None and value != "":
        slug = str(value)
        where = "front matter slug"
    else:
        slug = file_name_parts(path)[1]
        where = "file name"
    if not SLUG_RE.match(slug):
        raise ArticleError(
            f"{where} {slug!r} is not a valid slug; use lowercase letters, digits and "
            "hyphens (e.g. `slug: my-article`)",
            path=path,
        )
    return slug


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
