"""Stage 2 — the spoken script: every word that will be spoken, and nothing else.

Each written paragraph is normalised to spoken English (reader.normalize), split into
sentences with pysbd, and every sentence longer than MAX_PIECE_CHARS is cut at a
clause boundary: Piper runs one ONNX inference per piece and its memory grows with
the piece's length.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .models import Article, ArticleMeta, Script, Section, SpokenSection
from .normalize import to_spoken

MAX_PIECE_CHARS = 200
# Cut points, best first. Each pattern matches the text *before* the cut.
_BOUNDARIES = [
    re.compile(r"[;:]\s"),
    re.compile(
        r",\s(?=(?:and|but|or|so|yet|because|which|while|although|though|whereas|where|when)\b)"
    ),
    re.compile(r",\s"),
    re.compile(r"\s(?=(?:and|but|or|because|which|while|although|though|whereas|so that)\s)"),
    re.compile(r"\s"),
]
MIN_PIECE_CHARS = 40


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    # Built once per process: constructing a pysbd Segmenter compiles many regexes.
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def make_script(article: Article) -> Script:
    sections = tuple(
        spoken for section in article.sections if (spoken := speak_section(section)) is not None
    )
    return Script(meta=article.meta, sections=sections, opening=spoken_opening(article.meta))


def opening_line(title: str, author: str | None) -> str:
    """'<title>. By <author>.' as written, without doubling a question or exclamation mark."""
    title = title.strip()
    line = title if title.endswith((".", "?", "!")) else f"{title}."
    return f"{line} By {author.strip()}." if author and author.strip() else line


def spoken_opening(meta: ArticleMeta) -> tuple[str, ...]:
    """The opening as spoken: normalised and split like a paragraph, so "$12,500" is
    spoken as words and "By Dr. Lena Fox." is one sentence."""
    return speak_paragraph(opening_line(meta.title, meta.author))


def speak_section(section: Section) -> SpokenSection | None:
    paragraphs = tuple(pieces for p in section.paragraphs if (pieces := speak_paragraph(p)))
    if not paragraphs:
        return None
    spoken_title = to_spoken(section.title) if section.title is not None else None
    return SpokenSection(section.title, spoken_title, paragraphs)


def speak_paragraph(paragraph: str) -> tuple[str, ...]:
    spoken = to_spoken(paragraph)
    if not any(ch.isalpha() for ch in spoken):
        return ()
    pieces: list[str] = []
    for sentence in _segmenter().segment(spoken):
        sentence = sentence.strip()
        if any(ch.isalnum() for ch in sentence):
            pieces.extend(cap_length(sentence))
    return tuple(pieces)


def cap_length(sentence: str, limit: int = MAX_PIECE_CHARS) -> list[str]:
    """Split a long sentence into pieces of at most `limit` characters at clause boundaries.

    Takes the best kind of boundary (semicolon, then comma before a conjunction, comma,
    bare conjunction, any space) that falls as late as possible inside the limit but not
    in its first MIN_PIECE_CHARS, so pieces stay long enough to sound natural. Words are
    never cut; a single word longer than the limit stays whole.
    """
    pieces: list[str] = []
    rest = sentence.strip()
    while len(rest) > limit:
        cut = _best_cut(rest, limit)
        if cut is None:
            break
        pieces.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    if rest:
        pieces.append(rest)
    return pieces


def _best_cut(text: str, limit: int) -> int | None:
    window = text[: limit + 1]
    for pattern in _BOUNDARIES:
        ends = [m.end() for m in pattern.finditer(window) if MIN_PIECE_CHARS <= m.end() <= limit]
        if ends:
            return ends[-1]
    spaces = [m.end() for m in re.finditer(r"\s", text)]
    return spaces[0] if spaces else None
