"""Stage 2 — the spoken script: every word that will be spoken, and nothing else.

Each written paragraph is normalised to spoken English (reader.normalize), split into
sentences with pysbd, and every sentence longer than MAX_PIECE_CHARS is cut at a
clause boundary: Piper runs one ONNX inference per piece and its memory grows with
the piece's length.
"""

from __future__ import annotations

import re

from .loaders.sentences import segmenter
from .models import Article, ArticleMeta, Script, Section, SpokenSection, WrittenSentence
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
    paragraphs: list[tuple[str, ...]] = []
    sources: list[tuple[str, ...]] = []
    items: set[int] = set()
    for index, written in enumerate(read_lists_as_lists(section)):
        sentences = section.sentences[index] if index < len(section.sentences) else ()
        pieces, came_from = _speak_with_sources(written, section.paragraphs[index], sentences)
        if pieces:
            if index in section.list_items:
                items.add(len(paragraphs))
            paragraphs.append(pieces)
            sources.append(came_from)
    if not paragraphs:
        return None
    spoken_title = to_spoken(section.title) if section.title is not None else None
    return SpokenSection(
        section.title, spoken_title, tuple(paragraphs), frozenset(items),
        sources=tuple(sources), title_source=section.title_id,
    )  # fmt: skip


def _speak_with_sources(
    written: str, original: str, sentences: tuple[WrittenSentence, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A paragraph's pieces, and for each the id of the written sentence it came from.

    With the written sentences known, each is normalised and cut on its own, so every piece
    knows its sentence even when normalisation rewrote its words or a cut split it. A list
    item re-punctuated to be read as part of its list (`written` is not the `original`) is
    spoken whole, from its (first) sentence. Without written sentences (a code or table
    note, a Section built by hand) the pieces come from nowhere on the page ("")."""
    if not sentences or written != original:
        pieces = speak_paragraph(written)
        return pieces, (sentences[0].id if sentences else "",) * len(pieces)
    spoken: list[tuple[str, str]] = []
    for sentence in sentences:
        spoken += [(piece, sentence.id) for piece in speak_paragraph(sentence.text)]
    return tuple(p for p, _ in spoken), tuple(s for _, s in spoken)


_SENTENCE_END_RE = re.compile(r"[.!?…][\"')\]’”]*$")
_JOINS_ITSELF_RE = re.compile(r"(?:^|[\s,])(?:and|or)$|^(?:and|or)\s", re.IGNORECASE)


def read_lists_as_lists(section: Section) -> list[str]:
    """The section's paragraphs, with each list's items punctuated the way a person reads
    them: items that are fragments ("a ladder", "two buckets") are read as one sentence
    ("a ladder, two buckets, and a free afternoon."), each item still its own piece so the
    list pause falls between them; items that are sentences are left as they are."""
    paragraphs = list(section.paragraphs)
    for run in _runs(sorted(section.list_items)):
        items = [paragraphs[i].rstrip() for i in run]
        if len(items) < 2 or any(_SENTENCE_END_RE.search(item) for item in items[:-1]):
            continue
        joined = [
            item if item.endswith((",", ";", ":")) or _JOINS_ITSELF_RE.search(item) else f"{item},"
            for item in items[:-1]
        ]
        last = items[-1] if _SENTENCE_END_RE.search(items[-1]) else f"{items[-1]}."
        if not any(_JOINS_ITSELF_RE.search(item.rstrip(",;:.")) for item in items):
            last = f"and {last}"
        for index, text in zip(run, [*joined, last], strict=True):
            paragraphs[index] = text
    return paragraphs


def _runs(indices: list[int]) -> list[list[int]]:
    """[2, 3, 4, 7, 8] -> [[2, 3, 4], [7, 8]]: each run of consecutive items is one list."""
    runs: list[list[int]] = []
    for index in indices:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def speak_paragraph(paragraph: str) -> tuple[str, ...]:
    spoken = to_spoken(paragraph)
    if not any(ch.isalpha() for ch in spoken):
        return ()
    pieces: list[str] = []
    for sentence in segmenter().segment(spoken):
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
