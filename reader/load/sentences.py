"""Written sentences and their place on the page: the read-along's source positions.

A block's clean written text (Block.text) is cut into sentences with pysbd, each gets an id
("s1", "s2", ... in reading order), and the block's page HTML gets each sentence wrapped in
`<span class="rl" id="s3" data-s="s3">`. The script stage speaks the same sentences and tags
every piece with the id (reader.script), so the page finds the words being spoken by id,
never by matching text after the fact.

Block.text and the HTML's text differ by what cleaning removed (footnote markers, URLs,
images) and by whitespace, so sentences are placed by aligning the two texts' non-space
characters (almost always equal; where not, a linear walk that resynchronises, written here
because difflib's time grows with the square of a paragraph's length). A sentence that
crosses an inline element's edge ("...a <em>long. Then</em>") is wrapped in several
fragments; only the first carries the id, all carry data-s.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from ..language.normalize import to_spoken
from ..language.segment import sentences_of
from ..models import WrittenSentence

SENTENCE_CLASS = "rl"
# The attributes of a sentence's <span>: what page sanitising lets through on it.
SENTENCE_ATTRIBUTES = frozenset({"class", "id", "data-s"})
_VOID = frozenset({"br", "img", "hr", "wbr", "input", "source", "track", "col", "area"})


def split_sentences(text: str, lang: str | None = None) -> list[str]:
    """The sentences of a paragraph of written text, stripped, each with something to say.

    pysbd cuts written text after abbreviations it does not know ("in Vol. | 3, written
    ca. | 1990"). Where a cut changes how the voice reads the words on either side (the
    normaliser reads "Vol. 3" as "Volume three" only together), the two parts are one
    sentence: each is then spoken exactly as the whole paragraph would have been.
    """
    parts = [s.strip() for s in sentences_of(text, lang) if s.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and _reads_differently_apart(merged[-1], part, lang):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [s for s in merged if any(c.isalnum() for c in s)]


def _reads_differently_apart(first: str, second: str, lang: str | None) -> bool:
    apart = f"{to_spoken(first, lang)} {to_spoken(second, lang)}".split()
    return apart != to_spoken(f"{first} {second}", lang).split()


class SentenceIds:
    """Hands out the page ids of one article, in reading order."""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"s{self.count}"


def mark_sentences(
    text: str, block_html: str, ids: SentenceIds, *, whole: bool = False, lang: str | None = None
) -> tuple[tuple[WrittenSentence, ...], str]:
    """`text` cut into sentences (or kept whole, for a heading) with fresh ids, and
    `block_html` with each sentence wrapped in its element."""
    parts = [text.strip()] if whole else split_sentences(text, lang)
    sentences = tuple(WrittenSentence(ids.next(), part) for part in parts if part)
    if not sentences:
        return (), block_html
    tokens = _tokens(block_html)
    page_text = "".join(t.text for t in tokens if t.kind == "text")
    ranges = _place(text, [s.text for s in sentences], page_text)
    placed = [(start, end, s.id) for s, (start, end) in zip(sentences, ranges, strict=True)
              if end > start]
    return sentences, _wrap(tokens, placed)


def _place(text: str, parts: list[str], page_text: str) -> list[tuple[int, int]]:
    """Where each part of `text` lies in `page_text`: (start, end) offsets, (0, 0) if nowhere."""
    w_chars, w_pos = _non_space(text)
    p_chars, p_pos = _non_space(page_text)
    # to_page: index of a non-space character of `text` -> its offset in `page_text`
    if w_chars == p_chars:
        to_page = dict(enumerate(p_pos))
    else:
        to_page = {a: p_pos[b] for a, b in _matches(w_chars, p_chars)}
    by_offset = {offset: i for i, offset in enumerate(w_pos)}
    ranges: list[tuple[int, int]] = []
    cursor = search_from = 0
    for part in parts:
        start = text.find(part, search_from)
        search_from = start + len(part) if start >= 0 else search_from
        hits = [
            to_page[by_offset[o]]
            for o in range(max(start, 0), max(start, 0) + len(part))
            if start >= 0 and o in by_offset and by_offset[o] in to_page
        ]
        first, last = (max(min(hits), cursor), max(hits) + 1) if hits else (0, 0)
        ranges.append((first, last) if last > first else (0, 0))
        cursor = max(cursor, last)
    return ranges


def _matches(
    written: str, page: str, gram: int = 6, window: int = 600
) -> Iterator[tuple[int, int]]:
    """Pairs (index in written, index in page) of the characters the two texts share, in
    order. They differ only here and there (a footnote number or a URL left on the page,
    "the link" or a full stop added by cleaning), so both are walked together and, where
    they part, resynchronised at the nearest place the next few characters of one appear
    in the other: linear time. (difflib costs the product of the lengths: seconds for one
    long paragraph.)"""
    i = j = 0
    while i < len(written) and j < len(page):
        if written[i] == page[j]:
            yield i, j
            i, j = i + 1, j + 1
            continue
        # Resynchronise on the next few characters, or fewer close by (a URL that cleaning
        # turned into "the link" shares no six characters with it).
        for size, reach in ((gram, window), (3, 40), (1, 4)):
            ahead_in_page = page.find(written[i : i + size], j, j + reach)
            ahead_in_written = written.find(page[j : j + size], i, i + reach)
            if ahead_in_page >= 0 or ahead_in_written >= 0:
                break
        if ahead_in_page < 0 and ahead_in_written < 0:
            i, j = i + 1, j + 1  # a changed character: step over it on both sides
        elif ahead_in_written < 0 or 0 <= ahead_in_page - j <= ahead_in_written - i:
            j = ahead_in_page  # the page has something the written text lost
        else:
            i = ahead_in_written  # the written text has something the page lacks


def _non_space(text: str) -> tuple[str, list[int]]:
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text[i] for i in positions), positions


@dataclass(frozen=True)
class _Token:
    kind: str  # "text", "start", "end", "void"
    text: str = ""  # unescaped text for "text"; the raw tag otherwise
    tag: str = ""


class _Tokenizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        self.tokens.append(_Token("void" if tag in _VOID else "start", raw, tag))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(_Token("void", self.get_starttag_text() or f"<{tag}>", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.tokens.append(_Token("end", f"</{tag}>", tag))

    def handle_data(self, data: str) -> None:
        self.tokens.append(_Token("text", data))


def _tokens(fragment: str) -> list[_Token]:
    parser = _Tokenizer()
    parser.feed(fragment)
    parser.close()
    return parser.tokens


class _Writer:
    """Re-emits the tokens with sentence spans, keeping every element properly nested."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.open: list[_Token] = []  # elements open at this point, outermost first
        self.span_depth: int | None = None  # len(self.open) when the span was opened
        self.started: set[str] = set()

    def open_span(self, sentence_id: str) -> None:
        first = sentence_id not in self.started
        self.started.add(sentence_id)
        id_attr = f' id="{sentence_id}"' if first else ""
        self.out.append(f'<span class="{SENTENCE_CLASS}"{id_attr} data-s="{sentence_id}">')
        self.span_depth = len(self.open)

    def close_span(self) -> None:
        if self.span_depth is None:
            return
        inside = self.open[self.span_depth :]
        self.out.extend(f"</{t.tag}>" for t in reversed(inside))
        self.out.append("</span>")
        self.out.extend(t.text for t in inside)
        self.span_depth = None

    def start(self, token: _Token) -> None:
        self.out.append(token.text)
        self.open.append(token)

    def end(self, token: _Token) -> None:
        matching = [i for i, t in enumerate(self.open) if t.tag == token.tag]
        if not matching:
            return  # a stray end tag: the sanitiser would drop it anyway
        if self.span_depth is not None and matching[-1] < self.span_depth:
            self.close_span()  # it closes an element the span sits in: the span ends first
        while len(self.open) > matching[-1]:
            self.out.append(f"</{self.open.pop().tag}>")


def _wrap(tokens: list[_Token], placed: list[tuple[int, int, str]]) -> str:
    writer = _Writer()
    offset = 0
    first = 0  # placed[first:] are the sentences not yet over: they come in page order
    for token in tokens:
        if token.kind == "start":
            writer.start(token)
        elif token.kind == "end":
            writer.end(token)
        elif token.kind == "void":
            writer.out.append(token.text)
        else:
            while first < len(placed) and placed[first][1] <= offset:
                first += 1
            for piece, sentence_id, ends in _pieces(token.text, offset, placed, first):
                if sentence_id is not None and writer.span_depth is None and piece.strip():
                    writer.open_span(sentence_id)
                writer.out.append(html.escape(piece, quote=False))
                if ends:
                    writer.close_span()
            offset += len(token.text)
    writer.close_span()
    return "".join(writer.out)


def _pieces(
    text: str, offset: int, placed: list[tuple[int, int, str]], first: int
) -> Iterator[tuple[str, str | None, bool]]:
    """`text` (starting at `offset` of the page text) cut at sentence edges:
    (piece, the sentence it belongs to or None, whether that sentence ends with it)."""
    end_of_text = offset + len(text)
    at = offset
    for start, end, sentence_id in placed[first:]:
        if start >= end_of_text:
            break
        if start > at:
            yield text[at - offset : start - offset], None, False
            at = start
        stop = min(end, end_of_text)
        if stop > at:
            yield text[at - offset : stop - offset], sentence_id, stop == end
            at = stop
    if at < end_of_text:
        yield text[at - offset :], None, False
