"""The words around the articles: catalogues per language, dates and durations by Babel."""

from __future__ import annotations

import re

import pytest

from reader.locale import catalogue_for, messages

NO_BREAK = "[\u00a0\u202f]"


@pytest.mark.parametrize(("tag", "expected"), [
    ("en", "April 3, 2026"),
    ("en-GB", "3 April 2026"),
    ("fr", "3 avril 2026"),
    ("es", "3 de abril de 2026"),
    ("it", "3 aprile 2026"),
    ("pt-BR", "3 de abril de 2026"),
    ("hi", "3 अप्रैल 2026"),
    ("de", "3. April 2026"),  # no catalogue yet, but CLDR knows its dates
])
def test_dates_are_written_as_each_language_writes_them(tag: str, expected: str) -> None:
    assert messages(tag).date("2026-04-03") == expected


def test_durations_use_the_languages_abbreviations() -> None:
    english = messages("en")
    assert [english.duration(s) for s in (2, 59, 60, 89, 90, 3600, 3 * 3600 + 14 * 60)] == [
        "2 sec", "59 sec", "1 min", "1 min", "2 min", "1 hr", "3 hr 14 min"]
    # French typography: a number and its unit are held together by a no-break space
    # (CLDR uses the narrow one, U+202F, before some symbols).
    french = messages("fr")
    assert re.fullmatch(f"2{NO_BREAK}min", french.duration(125))
    assert re.fullmatch(f"45{NO_BREAK}s", french.duration(45))
    assert re.fullmatch(f"1{NO_BREAK}h 20{NO_BREAK}min", french.duration(80 * 60))
    assert messages("hi").duration(125) == "2 मि॰"


def test_a_tag_finds_its_languages_catalogue() -> None:
    assert catalogue_for(None) == "en"
    assert catalogue_for("de") == "en"  # no catalogue: the English words


def test_language_names_are_in_the_pages_language() -> None:
    assert messages("fr").language_name("es") == "espagnol"
    assert messages("es").language_name("fr") == "francés"
    assert messages("en").language_name("hi") == "Hindi"
