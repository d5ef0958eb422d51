"""The checks of reader.toml's values: each validates one value, normalises it and, when it
is wrong, raises Invalid with what to write instead (the loader names the key)."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import langcodes

from ..categories import canonical_category, suggest_category
from ..errors import ConfigError
from ..podcast_rules import MAX_TEXT_BYTES
from ..speech.engines import check_engine, engine_names
from .options import Check, Invalid, Place

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_BITRATE = re.compile(r"^\d{2,3}k$")


def within(low: float, high: float, convert: Callable[[Any], Any] = float) -> Check:
    """A number from `low` to `high`, as `convert` makes it."""

    def check(value: float, place: Place) -> Any:
        if not low <= value <= high:
            raise Invalid(f"= {value} is outside {low:g}..{high:g}")
        return convert(value)

    return check


def one_of(*choices: str) -> Check:
    def check(value: str, place: Place) -> str:
        if value not in choices:
            raise Invalid(f"{value!r} must be " + " or ".join(f'"{c}"' for c in choices))
        return value

    return check


def stripped(value: str, place: Place) -> str:
    return value.strip()


def existing_file(value: str, place: Place) -> Path:
    """A file beside reader.toml (or a path relative to it) that is there now."""
    file = place.root / value
    if not file.is_file():
        raise Invalid(f"file {file} not found")
    return file


def folder(value: str, place: Place) -> Path:
    """A folder relative to reader.toml's (made when needed)."""
    return place.root / value


def description(value: str, place: Place) -> str:
    size = len(value.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise Invalid(f"is {size} bytes; podcast directories accept at most {MAX_TEXT_BYTES}, "
                      "shorten it")
    return value.strip()


def email(value: str, place: Place) -> str:
    if not _EMAIL.match(value.strip()):
        raise Invalid(f'{value!r} is not an e-mail address, e.g. email = "you@example.com"')
    return value.strip()


def base_url(value: str, place: Place) -> str:
    """An absolute http(s) URL, always ending in "/"."""
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise Invalid(f"{value!r} must be an absolute http(s) URL where output/ is hosted, "
                      'e.g. base_url = "https://example.com/listen/"')
    url = value.strip()
    return url if url.endswith("/") else url + "/"


def language(value: str, place: Place) -> str:
    """An ISO 639 language, optionally with a region (BCP 47, as RSS <language> expects)."""
    try:
        valid = langcodes.tag_is_valid(value) and langcodes.Language.get(value).is_valid()
    except (ValueError, LookupError):
        valid = False
    if not valid:
        raise Invalid(f'{value!r} is not an ISO 639 language code, e.g. language = "en" '
                      'or "en-US"')
    return str(langcodes.standardize_tag(value))


def by_language(value: dict[str, Any], place: Place) -> tuple[tuple[str, str], ...]:
    """{ fr = "...", pt-BR = "..." }: a string per language tag, as sorted pairs (a
    stable fingerprint), each tag standardised ("pt-BR")."""
    pairs = []
    for tag, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise Invalid(f'{tag} must be a string in quotes, e.g. {tag} = "..."')
        pairs.append((language(tag, place), text.strip()))
    return tuple(sorted(pairs))


def voices(value: dict[str, Any], place: Place) -> tuple[tuple[str, str], ...]:
    """{ fr = "ff_siwis", de = "gtts", es = "kokoro:em_alex" }: per language, an engine, a
    voice, or engine:voice. An engine named is checked here; a voice when it is used."""
    pairs = by_language(value, place)
    for _, choice in pairs:
        name, colon, _ = choice.partition(":")
        if colon:
            engine(name, place)
    return pairs


def category(value: str, place: Place) -> str:
    """One of Apple's categories in Apple's spelling, a subcategory as "Parent/Sub"."""
    found = canonical_category(value)
    if found is None:
        hint = suggest_category(value)
        maybe = f"; did you mean {hint!r}?" if hint else ""
        raise Invalid(f"{value!r} is not one of Apple's podcast categories{maybe} (a "
                      'subcategory is written "Parent/Sub", e.g. "Health & Fitness/Mental Health")')
    parent, sub = found
    return f"{parent}/{sub}" if sub else parent


def engine(value: str, place: Place) -> str:
    try:
        check_engine(value)  # the registry decides what it accepts
    except ConfigError:
        raise Invalid(f"{value!r} is not a speech engine; choose {engine_names()}") from None
    return value


def bitrate(value: str, place: Place) -> str:
    if not _BITRATE.match(value):
        raise Invalid(f'{value!r} must look like "64k"')
    return value


def enclosure_prefix(value: str, place: Place) -> str:
    """A measurement service's prefix: an absolute http(s) URL ending in "/"."""
    parts = urllib.parse.urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or not value.endswith("/"):
        raise Invalid(f"{value!r} must be an http(s) URL ending in /, e.g. enclosure_prefix "
                      '= "https://op3.dev/e/"')
    return value.strip()


def http_url(value: str, place: Place) -> str:
    if not value.startswith(("http://", "https://")):
        raise Invalid(f"{value!r} must be an http(s) URL")
    return value


def notify(value: str | list[Any], place: Place) -> tuple[str, ...]:
    """WebSub hubs and/or "podcastindex"; one name alone is a list of one."""
    items = [value] if isinstance(value, str) else value
    if not all(isinstance(item, str) for item in items):
        raise Invalid('must be a list of strings, e.g. notify = ["podcastindex", '
                      '"https://pubsubhubbub.appspot.com/"]')
    for item in items:
        if item != "podcastindex" and not item.startswith(("http://", "https://")):
            raise Invalid(f"{item!r} must be \"podcastindex\" or a WebSub hub's http(s) URL")
    return tuple(items)


def optional_text(value: str, place: Place) -> str | None:
    """Blank is the same as leaving the key out."""
    return value.strip() or None


def scheduler(value: str, place: Place) -> str:
    if not value.strip():
        raise Invalid('must be a Dask scheduler address, e.g. cluster = "tcp://scheduler:8786"')
    return value.strip()


def jobs(most: int) -> Check:
    def check(value: int, place: Place) -> int:
        if not 1 <= value <= most:
            raise Invalid(f"= {value!r} must be a whole number of worker processes from 1 to "
                          f"{most}, e.g. jobs = 4 (leave it out for one per core)")
        return value

    return check
