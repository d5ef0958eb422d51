"""Spoken text -> pieces: its sentences (reader.language.segment), each longer than
MAX_PIECE_CHARS cut at a clause boundary: an engine runs one inference per piece and its
memory grows with the piece's length."""

from __future__ import annotations

import re
from functools import cache

from ..language import Language, language_for
from ..language.segment import sentences_of

MAX_PIECE_CHARS = 200
MIN_PIECE_CHARS = 40


@cache
def _boundaries(language: Language) -> tuple[re.Pattern[str], ...]:
    """Cut points, best first. Each pattern matches the text *before* the cut."""
    patterns = [re.compile(r"[;:]\s")]
    if language.clause_words:
        after_comma = "|".join(map(re.escape, language.clause_words))
        patterns.append(re.compile(rf",\s(?=(?:{after_comma})\b)"))
    patterns.append(re.compile(r",\s"))
    if language.cut_words:
        bare = "|".join(map(re.escape, language.cut_words))
        patterns.append(re.compile(rf"\s(?=(?:{bare})\s)"))
    patterns.append(re.compile(r"\s"))
    return tuple(patterns)


def speak_paragraph(paragraph: str, lang: str | None = None) -> tuple[str, ...]:
    """One written paragraph as spoken pieces, in its language."""
    language = language_for(lang)
    spoken = language.to_spoken(paragraph)
    if not any(ch.isalpha() for ch in spoken):
        return ()
    pieces: list[str] = []
    for sentence in sentences_of(spoken, lang):
        sentence = sentence.strip()
        if any(ch.isalnum() for ch in sentence):
            pieces.extend(cap_length(sentence, lang=lang))
    return tuple(pieces)


def cap_length(
    sentence: str, limit: int = MAX_PIECE_CHARS, *, lang: str | None = None
) -> list[str]:
    """Split a long sentence into pieces of at most `limit` characters at clause boundaries.

    Takes the best kind of boundary (semicolon, then comma before a conjunction, comma,
    bare conjunction, any space) that falls as late as possible inside the limit but not
    in its first MIN_PIECE_CHARS, so pieces stay long enough to sound natural. Words are
    never cut; a single word longer than the limit stays whole.
    """
    boundaries = _boundaries(language_for(lang))
    pieces: list[str] = []
    rest = sentence.strip()
    while len(rest) > limit:
        cut = _best_cut(rest, limit, boundaries)
        if cut is None:
            break
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def _best_cut(text: str, limit: int, boundaries: tuple[re.Pattern[str], ...]) -> int | None:
    window = text[: limit + 1]
    for pattern in boundaries:
        ends = [m.end() for m in pattern.finditer(window) if MIN_PIECE_CHARS <= m.end() <= limit]
        if ends:
            return ends[-1]
    spaces = [m.end() for m in re.finditer(r"\s", text)]
    return spaces[0] if spaces else None
