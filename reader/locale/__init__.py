"""The words around the articles in the reader's language: message catalogues and Babel.

Every string a reader sees or hears that is not the article (the pages' buttons and
headings, the embed's player, the book's byline and contents, the spoken "By <author>") is
an English message id translated by one gettext catalogue per language,
`catalogues/<locale>/LC_MESSAGES/messages.po`; a new language is one catalogue
(docs/languages.md). Dates and durations are
formatted by Babel from CLDR for the same locale ("14 mars 2026", "2 min").

The catalogues are read as .po at run time (Babel's reader, compiled to a gettext catalogue
in memory, once per language and process) rather than shipped as compiled .mo files: the
.po a translator edits is then the only copy, nothing can be stale, and the wheel needs no
build step (the .po files are package data). Reading one takes about a millisecond.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel import Locale
    from babel.support import NullTranslations
    from markupsafe import Markup

# Babel and markupsafe are imported where they are used: `reader script` and the command
# line's start pay for them only when a page, a byline or a date is made (about 40 ms).

CATALOGUES = Path(__file__).parent / "catalogues"
DOMAIN = "messages"
SOURCE_LOCALE = "en"  # the language of the message ids: it needs no catalogue
_TAG_PARTS = re.compile(r"[-_]")


def catalogue_path(locale: str) -> Path:
    return CATALOGUES / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def available() -> tuple[str, ...]:
    """The locales that have a catalogue ("fr", "pt_BR", ...), and English."""
    found = sorted(p.parent.parent.name for p in CATALOGUES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LOCALE, *found)


@cache
def catalogue_for(tag: str | None) -> str:
    """The catalogue that speaks a BCP 47 tag: "pt-BR" -> "pt_BR", "fr-CA" -> "fr", "pt" ->
    "pt_BR" (the one of its language), a language without one -> English."""
    parts = [p for p in _TAG_PARTS.split((tag or "").strip()) if p]
    if not parts:
        return SOURCE_LOCALE
    language = parts[0].lower()
    have = available()
    exact = f"{language}_{parts[1].upper()}" if len(parts) > 1 else language
    for candidate in (exact, language):
        if candidate in have:
            return candidate
    return next((c for c in have if c.split("_")[0] == language), SOURCE_LOCALE)


@cache
def babel_locale(tag: str | None) -> Locale:
    """Babel's locale for a tag (CLDR knows far more languages than we have catalogues for:
    a German page gets German dates even before it has a catalogue); English if unknown."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse((tag or SOURCE_LOCALE).strip().replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse(SOURCE_LOCALE)


@cache
def _translations(locale: str) -> NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    if locale == SOURCE_LOCALE:
        return NullTranslations()
    with catalogue_path(locale).open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out, as msgfmt does
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@dataclass(frozen=True)
class Messages:
    """One language's words and formats. `tag`: the page's language ("fr", "pt-BR")."""

    tag: str

    # Looked up once per language and process: a site of thousands of pages asks often.
    @cached_property
    def locale(self) -> Locale:
        return babel_locale(self.tag)

    @cached_property
    def _catalogue(self) -> NullTranslations:
        return _translations(catalogue_for(self.tag))

    def gettext(self, message: str, **values: Any) -> str:
        """The translation of an English message id; `%(name)s` placeholders filled."""
        text = self._catalogue.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, count: int, **values: Any) -> str:
        """The form for `count` (the language's plural rule); `%(count)s` is the count."""
        text = self._catalogue.ngettext(singular, plural, count)
        return text % {"count": self.number(count), **values}

    def number(self, value: float) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def date(self, iso: str) -> str:
        """'2026-03-14' -> '14 mars 2026', 'March 14, 2026', '14 मार्च 2026' (CLDR's long form)."""
        return _long_date(self.locale, iso[:10])

    def duration(self, seconds: int) -> str:
        """A listening time as the language abbreviates it: '45 s', '2 min', '1 h 20 min'
        (seconds under a minute, else whole minutes, with hours past sixty)."""
        return _duration(self, seconds)

    def _duration(self, seconds: int) -> str:
        if seconds < 60:
            return self._unit(seconds, "duration-second")
        hours, minutes = divmod(max(1, (seconds + 30) // 60), 60)
        if not hours:
            return self._unit(minutes, "duration-minute")
        parts = [self._unit(hours, "duration-hour")]
        if minutes:
            parts.append(self._unit(minutes, "duration-minute"))
        from babel.lists import format_list

        return format_list(parts, style="unit-narrow", locale=self.locale)

    def for_templates(self) -> dict[str, Callable[..., str]]:
        """A Jinja template's words: `_("Speed")`, `ngettext(...)`, and `markup(message,
        name=html)` for a sentence with links in it (the translation is escaped, the links,
        already-escaped template output, are put in as they are)."""
        from markupsafe import Markup, escape

        def markup(message: str, **values: Markup) -> Markup:
            return Markup(escape(self.gettext(message))) % values

        return {"_": self.gettext, "ngettext": self.ngettext, "markup": markup}

    def language_name(self, tag: str) -> str:
        """A language's name in this one: "espagnol" on a French page."""
        other = babel_locale(tag)
        return other.get_display_name(self.locale) or tag

    def _unit(self, value: int, unit: str) -> str:
        from babel.units import format_unit

        return format_unit(value, unit, length="short", locale=self.locale)


# A site lists the same days and lengths again and again; Babel takes tens of microseconds
# for each.
@lru_cache(maxsize=4096)
def _long_date(locale: Locale, iso: str) -> str:
    from babel.dates import format_date

    year, month, day = (int(part) for part in iso.split("-"))
    pattern = str(locale.date_formats["long"].pattern)
    if locale.language == "fr" and day == 1:
        # French writes the first of a month as an ordinal, "1er mars" (CLDR has "1 mars").
        pattern = pattern.replace("d ", "d'er' ", 1)
    return format_date(datetime.date(year, month, day), pattern, locale=locale)


@lru_cache(maxsize=4096)
def _duration(words: Messages, seconds: int) -> str:
    return words._duration(seconds)


@cache
def messages(tag: str | None) -> Messages:
    """The words for a page in language `tag` (English for None)."""
    return Messages((tag or SOURCE_LOCALE).strip() or SOURCE_LOCALE)


def forget_catalogues() -> None:
    """Read the catalogues afresh on next use (a test that edits a copy of them)."""
    for cached in (messages, _translations, available, catalogue_for, _duration):
        cached.cache_clear()
