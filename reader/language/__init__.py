"""The languages we read: one module each, behind one interface, with the sentence splitter
(segment.py) and the normaliser (normalize.py) that load, script, speech and site consult.

A language module defines LANGUAGE, a `Language`: how its written text becomes spoken text
(`to_spoken`: numbers, dates, money, units, abbreviations), how it splits sentences (its
pysbd code), the notes that stand for code and tables, the words it joins a list with, where
a long sentence may be cut, and the default offline voice ("By <author>" is its catalogue's,
reader/locale, which the book shows too). A new language is one module and one line in
_MODULES.

A language without a module (German, ...) is still spoken by an engine that knows it (gTTS
reads digits in its own language): `language_for` returns a plain one whose normaliser
only tidies punctuation and symbols, never English number words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ..registry import load

# One line per language: its primary subtag -> the Language of the module that speaks it
# ("module:LANGUAGE", reader.registry's references, imported when used).
_MODULES = {
    "en": "en:LANGUAGE",
    "fr": "fr:LANGUAGE",
    "es": "es:LANGUAGE",
    "it": "it:LANGUAGE",
    "pt": "pt:LANGUAGE",
    "hi": "hi:LANGUAGE",
}
DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    code: str  # primary subtag: "fr"
    name: str  # its own name, as a feed title says it: "français"
    to_spoken: Callable[[str], str]  # one written paragraph or heading -> spoken words
    # The notes said instead of what is not read aloud (reader.load gives them).
    code_note: str = "A code sample is omitted here."
    table_note: str = "A table is omitted here."
    and_word: str = "and"  # read before a list's last item
    or_word: str = "or"
    # pysbd's language for the sentence splitter (None: the English one, for a language
    # pysbd lacks whose sentences end as English ones do).
    segmenter: str | None = None
    sentence_ends: str = ".!?"  # what already ends a title ("।" in Hindi)
    # Where a sentence too long for one synthesis may be cut: after a comma before one of
    # `clause_words`, else before one of `cut_words` (conjunctions) with no comma.
    clause_words: tuple[str, ...] = ()
    cut_words: tuple[str, ...] = ()
    # The offline voice that speaks it by default: (engine, voice), or None.
    voice: tuple[str, str] | None = None


    def note(self, kind: str) -> str:
        """What is said for a block not read aloud: "code" or "table"."""
        return {"code": self.code_note, "table": self.table_note}[kind]


@cache
def primary(tag: str | None) -> str:
    """The language part of a tag, as langcodes standardises it: "pt-BR" -> "pt", "fr_CA"
    -> "fr", "EN" -> "en", "iw" -> "he"; None or "" -> "". The one way articles', voices'
    and engines' tags are compared (a voice for one region speaks the others well enough)."""
    if not tag or not tag.strip():
        return ""
    import langcodes

    cleaned = tag.strip().replace("_", "-")
    try:
        return str(langcodes.Language.get(langcodes.standardize_tag(cleaned)).language or "")
    except (ValueError, LookupError):
        return cleaned.split("-")[0].lower()


@cache
def language_for(tag: str | None) -> Language:
    """The Language for a BCP 47 tag ("fr", "pt-BR"); English for None; a plain one
    (punctuation only, numbers left for the engine) for a language without a module."""
    code = primary(tag) or DEFAULT
    module = _MODULES.get(code)
    if module is None:
        return _plain(code)
    language: Language = load(__name__, module)
    return language


def known_codes() -> tuple[str, ...]:
    return tuple(_MODULES)


_PLAIN_CHARACTERS = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "\u00a0": " ",
     "\u202f": " ", "\u2009": " ", "…": "..."}
)  # fmt: skip
_PLAIN_RULES = [
    (re.compile(r"[*_`~^|#\\<>{}\[\]]"), " "),
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r"\s{2,}"), " "),
]


def _plain_to_spoken(text: str) -> str:
    text = text.translate(_PLAIN_CHARACTERS)
    for pattern, replacement in _PLAIN_RULES:
        text = pattern.sub(replacement, text)
    return text.strip()


def _plain(code: str) -> Language:
    # Its name is its code ("de"): naming every language would take langcodes' optional
    # language-data package (megabytes) for a feed title a reader.toml can set.
    return Language(code=code, name=code, to_spoken=_plain_to_spoken)
