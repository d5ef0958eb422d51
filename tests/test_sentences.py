"""Source positions for the read-along: every spoken piece names the sentence of the page it
came from (reader/load/sentences.py wraps it, reader.script and the episode's plan carry
its id), even after normalisation rewrote its words or a long sentence was cut in pieces."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.config import AudioSettings
from reader.episode.assemble import Piece, plan_pieces
from reader.load import load_article
from reader.load.sentences import SentenceIds, mark_sentences
from reader.models import Article
from reader.script import MAX_PIECE_CHARS, make_script

LONG_SENTENCE = (
    "The quietest boards we tried had three things in common, which surprised us because "
    "none of the makers advertise them, namely a gasket-mounted plate, a thick layer of foam "
    "under the switches, and keycaps made of a dense plastic that does not ring when struck"
)
ARTICLE = textwrap.dedent(f"""\
    ---
    title: Quiet Keys
    date: 2026-01-05
    author: Ada Writer
    ---

    Dr. Okoye paid $1,250 for 3 boards in 2009. 4 Read the
    [full survey](https://example.com/s) first.

    ## What helps

    - Lubricate the stabilisers once.
    - Add foam under the plate, e.g. a 3 mm sheet.

    {LONG_SENTENCE}.

    <!-- no-audio -->
    This paragraph is only for readers of the page.
    <!-- /no-audio -->

    ```python
    print("loud")
    ```

    That is all, for now.
    """)


class Sentences(HTMLParser):
    """The page as the read-along sees it: the text of each sentence element (by data-s),
    its ids, where each element sits (inside pre, li, h2...) and what it holds (a, em...)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: dict[str, str] = defaultdict(str)
        self.ids: list[str] = []
        self.inside: dict[str, set[str]] = defaultdict(set)
        self.holds: dict[str, set[str]] = defaultdict(set)
        self.open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for _, sentence in self.open:
            if sentence:
                self.holds[sentence].add(tag)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        self.open.append((tag, values.get("data-s")))
        if values.get("data-s"):
            self.inside[values["data-s"] or ""].update(t for t, _ in self.open)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        for _, sentence in self.open:
            if sentence:
                self.text[sentence] += data

    def said(self, sentence: str) -> str:
        return " ".join(self.text[sentence].split())


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Article:
    path: Path = tmp_path_factory.mktemp("sentences") / "quiet-keys.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return load_article(path)


@pytest.fixture(scope="module")
def pieces(article: Article) -> list[Piece]:
    return plan_pieces(make_script(article), AudioSettings())


@pytest.fixture(scope="module")
def page(article: Article) -> Sentences:
    parsed = Sentences()
    parsed.feed(article.body_html)
    return parsed


def pieces_of(pieces: list[Piece], page: Sentences, written: str) -> list[Piece]:
    """The pieces spoken from the page's sentence that reads `written`."""
    (sentence,) = [s for s in page.text if page.said(s) == written]
    return [p for p in pieces if p.source == sentence]


def test_every_spoken_piece_names_one_element_of_the_page(
    pieces: list[Piece], page: Sentences
) -> None:
    assert len(page.ids) == len(set(page.ids))
    opening = [p for p in pieces if p.section == -1]
    rest = [p for p in pieces if p.section >= 0]
    assert opening and all(p.source == "" for p in opening)  # not in the article's body
    sourced = [p for p in rest if p.source]
    assert {p.source for p in sourced} <= set(page.ids)
    # Everything but the code note comes from a sentence on the page.
    assert [p.text for p in rest if not p.source] == ["A code sample is omitted here."]


def test_normalised_numbers_and_abbreviations_keep_their_written_sentence(
    pieces: list[Piece], page: Sentences
) -> None:
    (money,) = pieces_of(pieces, page, "Dr. Okoye paid $1,250 for 3 boards in 2009.")
    assert "Doctor Okoye paid one thousand two hundred and fifty dollars" in money.text
    assert "two thousand nine" in money.text
    (foam,) = pieces_of(pieces, page, "Add foam under the plate, e.g. a 3 mm sheet.")
    assert "for example" in foam.text and "three" in foam.text


def test_a_footnote_marker_shown_on_the_page_belongs_to_no_sentence(
    pieces: list[Piece], page: Sentences, article: Article
) -> None:
    # The "4" after the first sentence is left on the page, never spoken, and lies between
    # the two sentences' elements rather than inside either.
    (link,) = pieces_of(pieces, page, "Read the full survey first.")
    assert f'2009.</span> 4 <span class="rl" id="{link.source}"' in article.body_html
    assert not [s for s in page.text if "4" in page.said(s).split()]
    assert link.text == "Read the full survey first."
    assert "a" in page.holds[link.source]  # the link stays a link inside its sentence


def test_a_long_sentence_cut_into_pieces_is_one_sentence_on_the_page(
    pieces: list[Piece], page: Sentences
) -> None:
    cut = pieces_of(pieces, page, LONG_SENTENCE + ".")
    assert len(cut) >= 2 and all(len(p.text) <= MAX_PIECE_CHARS for p in cut)
    assert " ".join(p.text for p in cut).startswith("The quietest boards")


def test_headings_and_list_items_map_to_their_elements(
    pieces: list[Piece], page: Sentences
) -> None:
    (heading,) = pieces_of(pieces, page, "What helps")
    assert "h2" in page.inside[heading.source]
    (item,) = pieces_of(pieces, page, "Lubricate the stabilisers once.")
    assert "li" in page.inside[item.source]


def test_code_and_no_audio_regions_are_on_the_page_but_map_to_nothing(
    pieces: list[Piece], page: Sentences, article: Article
) -> None:
    assert "only for readers" in article.body_html and "print(" in article.body_html
    assert not [s for s in page.text if "only for readers" in page.text[s]]
    assert not [s for s in page.inside if "pre" in page.inside[s] or "code" in page.inside[s]]
    assert not [p for p in pieces if "readers of the page" in p.text]


def test_a_sentence_across_an_inline_element_becomes_fragments_with_one_id() -> None:
    sentences, html = mark_sentences(
        "First one. Second one ends here.",
        'First <a href="u">one. Second</a> one ends here.',
        SentenceIds(),
    )
    assert [s.id for s in sentences] == ["s1", "s2"]
    assert html == (
        '<span class="rl" id="s1" data-s="s1">First <a href="u">one.</a></span>'
        '<a href="u"> <span class="rl" id="s2" data-s="s2">Second</span></a>'
        '<span class="rl" data-s="s2"> one ends here.</span>'
    )
