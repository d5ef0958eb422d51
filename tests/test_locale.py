"""The words around the articles: catalogues per language, dates and durations by Babel."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from reader.locale import available, catalogue_for, catalogue_path, messages
from tests.conftest import REPO

BABEL_CFG = REPO / "babel.cfg"

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


def test_french_writes_the_first_of_the_month_as_an_ordinal() -> None:
    assert messages("fr").date("2026-03-01") == "1er mars 2026"
    assert messages("fr").date("2026-03-02") == "2 mars 2026"
    assert messages("es").date("2026-03-01") == "1 de marzo de 2026"


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
    assert catalogue_for("fr-CA") == "fr"
    assert catalogue_for("pt-BR") == "pt_BR"
    assert catalogue_for("pt") == "pt_BR"
    assert catalogue_for("de") == "en"  # no catalogue: the English words
    assert {"en", "fr", "es", "it", "pt_BR", "hi"} <= set(available())


def test_plurals_follow_each_languages_rule() -> None:
    # French counts 0 and 1 as singular; English only 1; Hindi's form is the same.
    assert messages("fr").ngettext("%(count)s episode", "%(count)s episodes", 0) == "0 épisode"
    assert messages("en").ngettext("%(count)s episode", "%(count)s episodes", 0) == "0 episodes"
    assert messages("es").ngettext("%(count)s episode", "%(count)s episodes", 2) == (
        "2 episodios")
    assert catalogue_for("de") == "en"  # no catalogue: the English words


def test_language_names_are_in_the_pages_language() -> None:
    assert messages("fr").language_name("es") == "espagnol"
    assert messages("es").language_name("fr") == "francés"
    assert messages("en").language_name("hi") == "Hindi"


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


def test_every_message_is_translated_in_every_catalogue() -> None:
    """What `make messages` extracts (babel.cfg) is in each catalogue, translated, not fuzzy,
    with the same placeholders: a page never falls back to English for one string."""
    method_map, options_map = parse_mapping_cfg(io.StringIO(BABEL_CFG.read_text("utf-8")))
    found = {message[2] for message in extract_from_dir(
        REPO, method_map, options_map, keywords={**DEFAULT_KEYWORDS, "markup": None})}
    ids = {m if isinstance(m, str) else m[0] for m in found}
    assert "Speed" in ids and "%(count)s episode" in ids  # the extraction finds the templates
    for locale in set(available()) - {"en"}:
        with catalogue_path(locale).open("rb") as po:
            catalog = read_po(po, locale=locale)
        for message_id in ids:
            message = catalog.get(message_id)
            assert message is not None and not message.fuzzy, (locale, message_id)
            strings = [message.string] if isinstance(message.string, str) else message.string
            assert all(strings), (locale, message_id)
            for text in strings:
                assert _placeholders(text) == _placeholders(message_id), (locale, text)


def test_the_catalogues_ship_in_the_wheel_and_work_from_it(tmp_path: Path) -> None:
    """`pip install .` gets the catalogues (package data) and reads them with no build step."""
    source = tmp_path / "source"
    shutil.copytree(REPO / "reader", source / "reader",
                    ignore=shutil.ignore_patterns("__pycache__", "kokoro_voices"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path / "dist"), str(source)], check=True)
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    probe = ("import reader.locale as l; from reader.locale import messages; "
             "print(l.__file__); print(messages('fr').gettext('Speed')); "
             "print(messages('hi').gettext('Chapters'))")
    shown = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True,
                           capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(installed)}).stdout.split("\n")
    assert shown[0].startswith(str(installed))
    assert shown[1:3] == ["Vitesse", "अध्याय"]
