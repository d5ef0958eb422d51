"""The Script builder: an Article -> every word that will be spoken, and nothing else.

Each written paragraph is normalised to spoken words in the article's language
(reader.language), split into sentences and capped in length (pieces.py).
"""

from __future__ import annotations

import re

from ..language import Language, language_for
from ..models import Article, Script, Section, SpokenSection, WrittenSentence
from .opening import spoken_opening
from .pieces import speak_paragraph


def make_script(article: Article) -> Script:
    """The article as spoken, in its language (meta.lang; English when unset)."""
    lang = article.meta.lang
    sections = tuple(
        spoken
        for section in article.sections
        if (spoken := speak_section(section, lang)) is not None
    )
    return Script(meta=article.meta, sections=sections, opening=spoken_opening(article.meta))


def speak_section(section: Section, lang: str | None = None) -> SpokenSection | None:
    language = language_for(lang)
    paragraphs: list[tuple[str, ...]] = []
    sources: list[tuple[str, ...]] = []
    items: set[int] = set()
    quotes: set[int] = set()
    for index, written in enumerate(read_lists_as_lists(section, language)):
        sentences = section.sentences[index] if index < len(section.sentences) else ()
        pieces, came_from = _speak_with_sources(
            written, section.paragraphs[index], sentences, lang
        )
        if pieces:
            if index in section.list_items:
                items.add(len(paragraphs))
            if index in section.quotes:
                quotes.add(len(paragraphs))
            paragraphs.append(pieces)
            sources.append(came_from)
    if not paragraphs:
        return None
    spoken_title = language.to_spoken(section.title) if section.title is not None else None
    return SpokenSection(
        section.title, spoken_title, tuple(paragraphs), frozenset(items),
        sources=tuple(sources), title_source=section.title_id, quotes=frozenset(quotes),
    )  # fmt: skip


def _speak_with_sources(
    written: str, original: str, sentences: tuple[WrittenSentence, ...], lang: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A paragraph's pieces, and for each the id of the written sentence it came from.

    With the written sentences known, each is normalised and cut on its own, so every piece
    knows its sentence even when normalisation rewrote its words or a cut split it. A list
    item re-punctuated to be read as part of its list (`written` is not the `original`) is
    spoken whole, from its (first) sentence. Without written sentences (a code or table
    note, a Section built by hand) the pieces come from nowhere on the page ("")."""
    if not sentences or written != original:
        pieces = speak_paragraph(written, lang)
        return pieces, (sentences[0].id if sentences else "",) * len(pieces)
    spoken: list[tuple[str, str]] = []
    for sentence in sentences:
        spoken += [(piece, sentence.id) for piece in speak_paragraph(sentence.text, lang)]
    return tuple(p for p, _ in spoken), tuple(s for _, s in spoken)


_SENTENCE_END_RE = re.compile(r"[.!?…।][\"')\]’”»]*$")


def _joins_itself(language: Language) -> re.Pattern[str]:
    """An item that already says "and"/"or" (at its end, or starting the next)."""
    words = f"(?:{re.escape(language.and_word)}|{re.escape(language.or_word)})"
    return re.compile(rf"(?:^|[\s,]){words}$|^{words}\s", re.IGNORECASE)


def read_lists_as_lists(section: Section, language: Language | None = None) -> list[str]:
    """The section's paragraphs, with each list's items punctuated the way a person reads
    them: items that are fragments ("a ladder", "two buckets") are read as one sentence
    ("a ladder, two buckets, and a free afternoon."), each item still its own piece so the
    list pause falls between them; items that are sentences are left as they are."""
    language = language or language_for(None)
    joins_itself = _joins_itself(language)
    paragraphs = list(section.paragraphs)
    for run in _runs(sorted(section.list_items)):
        items = [paragraphs[i].rstrip() for i in run]
        if len(items) < 2 or any(_SENTENCE_END_RE.search(item) for item in items[:-1]):
            continue
        joined = [
            item if item.endswith((",", ";", ":")) or joins_itself.search(item) else f"{item},"
            for item in items[:-1]
        ]
        last = items[-1] if _SENTENCE_END_RE.search(items[-1]) else f"{items[-1]}."
        if not any(joins_itself.search(item.rstrip(",;:.")) for item in items):
            last = f"{language.and_word} {last}"
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
