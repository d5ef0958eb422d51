"""Written text -> spoken text in a language: the entry point to the language modules."""

from __future__ import annotations

from . import language_for


def to_spoken(text: str, lang: str | None = None) -> str:
    """Spoken words for one paragraph or heading written in `lang` (English by default):
    numbers, dates, money, units and abbreviations as that language says them."""
    return language_for(lang).to_spoken(text)
