"""The spoken script: exactly the words that will be spoken, section by section."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.load import load_article
from reader.models import Script
from reader.normalize import to_spoken
from reader.script import MAX_PIECE_CHARS, cap_length, make_script, speak_paragraph

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEED = REPO.parent / "shared" / "seed-article.txt"
SAMPLES = sorted((REPO / "articles").glob("*.*"))
ALL_FIXTURES = sorted(FIXTURES.glob("*.*"))

SEED_HEADINGS = [
    None,
    "The Neuroscience of Empathy",
    "The Neuroscience of Compassion",
    "Comparing Empathy and Compassion",
    "Compassion or Empathy – What is required?",
]


def script_of(path: Path) -> Script:
    return make_script(load_article(path))


def spoken_text(script: Script) -> str:
    return "\n".join(piece for section in script.sections for piece in section.sentences)


def source_paragraphs(path: Path) -> list[str]:
    """Body paragraphs of a seed-style export: long blocks that are not nav or references."""
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n")]
    return [b for b in blocks if len(b.split()) > 12 and not b.startswith(("←", "1."))]


def assert_every_paragraph_is_spoken(path: Path, script: Script) -> None:
    spoken = " ".join(spoken_text(script).split())
    for paragraph in source_paragraphs(path):
        opening = " ".join(re.sub(r"[“”\"]", "", paragraph).split()[:6])
        assert to_spoken(opening).rstrip(".,") in spoken.replace('"', ""), opening


# --- the user's real article ----------------------------------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed-article.txt is not beside the repo")
class TestUsersArticle:
    @pytest.fixture(scope="class")
    @classmethod
    def printed(cls) -> dict[str, object]:
        result = subprocess.run(
            [sys.executable, "-m", "reader", "script", str(SEED), "--json"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        data: dict[str, object] = json.loads(result.stdout)
        return data

    def test_title_and_sections(self, printed: dict[str, object]) -> None:
        assert printed["title"] == "The Neuroscience of Empathy and Compassion"
        sections = printed["sections"]
        assert isinstance(sections, list)
        assert [s["title"] for s in sections] == SEED_HEADINGS

    def test_nothing_that_must_not_be_spoken(self, printed: dict[str, object]) -> None:
        sections = printed["sections"]
        assert isinstance(sections, list)
        text = " ".join(p for s in sections for p in s["sentences"])
        assert "Read or Listen" not in text and "←" not in text
        assert "http" not in text and "www" not in text and ".com" not in text
        assert not re.search(r"\d", text), "a digit (footnote number?) is left"

    def test_years_are_spoken_as_years(self, printed: dict[str, object]) -> None:
        text = json.dumps(printed)
        assert "a study conducted in two thousand nine shows" in text
        assert "published in twenty eighteen" in text

    def test_every_body_paragraph_is_present(self) -> None:
        script = script_of(SEED)
        assert [len(s.paragraphs) for s in script.sections] == [5, 4, 4, 2, 1]
        assert_every_paragraph_is_spoken(SEED, script)


# --- our own seed-style fixture (never skips) -------------------------------------------


class TestSeedStyleFixture:
    @pytest.fixture(scope="class")
    @classmethod
    def script(cls) -> Script:
        return script_of(FIXTURES / "seed-style.txt")

    def test_sections(self, script: Script) -> None:
        assert script.meta.title == "The Quiet Science of Composting"
        assert [s.title for s in script.sections] == [
            None,
            "What Happens Inside a Heap",
            "Getting the Balance Right",
            "Is Compost Worth the Effort?",
        ]

    def test_no_navigation_url_or_footnote_number(self, script: Script) -> None:
        text = spoken_text(script)
        assert "Read or Listen" not in text and "http" not in text and "example" not in text
        assert not re.search(r"\d", text)

    def test_real_numbers_are_spoken_well(self, script: Script) -> None:
        text = spoken_text(script)
        for phrase in (
            "A survey conducted in two thousand nine found",
            "published in twenty eighteen",
            "reach sixty degrees within three days.",
            "Chapter nine shows",
            "about three parts brown to one part green",
            "It takes two hours",
        ):
            assert phrase in text

    def test_footnote_shapes_leave_clean_sentences(self, script: Script) -> None:
        sentences = [p for s in script.sections for p in s.sentences]
        assert (
            'As one grower put it, "A heap is a living thing, and it tells you what it needs."'
            in (" ".join(sentences))
        )
        assert "After that, fungi take over the tougher material." in sentences
        assert "Without them the compost stays lumpy for much longer." in sentences
        assert "A dry heap that never warms up needs water and greens." in sentences

    def test_every_paragraph_is_spoken(self, script: Script) -> None:
        assert_every_paragraph_is_spoken(FIXTURES / "seed-style.txt", script)


# --- Markdown and HTML fixtures --------------------------------------------------------


def test_markdown_is_spoken_without_markup_footnotes_code_or_tables() -> None:
    script = script_of(FIXTURES / "2025-11-02-footnotes-and-code.md")
    text = spoken_text(script)
    assert [s.title for s in script.sections] == [None, "Choosing Switches", "Living With It"]
    assert "Mechanical keyboards can be loud, but they need not be." in text
    assert "about five decibels quieter than a plain one, according to a forum survey" in text
    assert "one thousand two hundred and fifty owners" in text
    assert "See the link for the numbers and more." in text
    assert "for example linear or tactile" in text
    assert "Prices range from twenty-five cents to one dollar and fifty cents per switch" in text
    assert "costs about forty pounds" in text
    assert "A code sample is omitted here." in text and "def" not in text
    assert "A table is omitted here." in text and "Linear" not in text
    assert "phone app" not in text  # <!-- no-audio -->
    assert "A quiet keyboard is one you stop noticing." in text
    assert "Add foam under the plate." in text
    assert "Doctor Okoye, a drôle reviewer, came first." in text
    assert "rose three point five percent after the twenty-first day." in text
    assert not re.search(r"[\d*#_`\[\]<>]|https?:|\.jpg|informal test", text)


def test_html_page_is_spoken_without_boilerplate() -> None:
    script = script_of(FIXTURES / "boilerplate.html")
    text = spoken_text(script)
    assert "In twenty sixteen several national operators cut their night services" in text
    assert "by twenty twenty-three new routes" in text
    assert "A couchette costs from forty-nine euros" in text
    assert "three hundred euros" in text
    assert "around one thousand kilometers overnight" in text
    assert "up to two hundred kilometers per hour" in text
    assert "in the nineteen nineties and two thousands" in text
    assert "A refurbished sleeper carriage waiting at the platform." in text
    assert "supplied by a reader" not in text
    assert "cookie" not in text.lower() and "Share" not in text and "Related" not in text
    assert not re.search(r"\d", text)


@pytest.mark.parametrize("path", SAMPLES + ALL_FIXTURES, ids=lambda p: p.name)
def test_no_digits_and_no_overlong_pieces_in_any_article(path: Path) -> None:
    script = script_of(path)
    pieces = [p for s in script.sections for p in s.sentences]
    assert pieces
    assert all(len(p) <= MAX_PIECE_CHARS for p in pieces)
    assert not re.search(r"\d", " ".join(pieces))
    assert all(s.title is None or s.title != script.meta.title for s in script.sections)


def test_section_titles_are_spoken_too(tmp_path: Path) -> None:
    path = tmp_path / "tips.md"
    path.write_text("# Tips\n\nIntro words here.\n\n## Top 10 Tips for 2024\n\nMore words.\n")
    script = script_of(path)
    assert script.sections[1].title == "Top 10 Tips for 2024"
    assert script.sections[1].spoken_title == "Top ten Tips for twenty twenty-four"


# --- spoken English -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("a study conducted in 2009", "a study conducted in two thousand nine"),
        ("published in 2018", "published in twenty eighteen"),
        ("music of the 1990s", "music of the nineteen nineties"),
        ("the '80s", "the eighties"),
        ("It cost $1,250.", "It cost one thousand two hundred and fifty dollars."),
        ("£40 or €9.99", "forty pounds or nine euros and ninety-nine cents"),
        ("$1 and $2.5m", "one dollar and two point five million dollars"),
        ("a 3.5% rise", "a three point five percent rise"),
        ("pi is 3.14", "pi is three point one four"),
        ("the 21st and 2nd", "the twenty-first and second"),
        ("2–3 hours", "two to three hours"),
        ("10-15 minutes", "ten to fifteen minutes"),
        ("a 3:1 ratio", "a three to one ratio"),
        ("1/2 of 3/4", "one half of three quarters"),
        ("open 24/7", "open twenty-four seven"),
        ("at 6:30 pm", "at six thirty P M"),
        (
            "5 km in 1 kg boots at 20°C",
            "five kilometers in one kilogram boots at twenty degrees Celsius",
        ),
        ("on 2026-03-14", "on March fourteenth, twenty twenty-six"),
        ("e.g. this, i.e. that", "for example this, that is that"),
        ("cats vs. dogs", "cats versus dogs"),
        ("pens, ink, etc. Then more", "pens, ink, et cetera. Then more"),
        ("Dr. Lee met Mr. Park", "Doctor Lee met Mister Park"),
        ("a drôle idea", "a drôle idea"),
        ("She came first.", "She came first."),
        ("salt & pepper", "salt and pepper"),
        ("yes/no", "yes or no"),
        ("wait – then go", "wait, then go"),
        ("“quoted” and ‘single’", "\"quoted\" and 'single'"),
        ("1,000,000 people", "one million people"),
        ("3x faster", "three times faster"),
    ],
)
def test_spoken_english(written: str, spoken: str) -> None:
    assert to_spoken(written) == spoken


def test_paragraph_is_split_into_sentences() -> None:
    pieces = speak_paragraph("Dr. Lee arrived at 9:15. She stayed for 2 hours. Then she left.")
    assert pieces == (
        "Doctor Lee arrived at nine fifteen.",
        "She stayed for two hours.",
        "Then she left.",
    )


def test_long_sentences_are_capped_at_clause_boundaries() -> None:
    sentence = (
        "When the evening came the lamps were lit along the whole of the harbour wall, "
        "and the fishermen who had been out since dawn began to bring their boats in; "
        "some of them sang as they worked, others said nothing at all, and the children "
        "ran between the nets shouting the names of every boat they knew by heart."
    )
    pieces = cap_length(sentence)
    assert len(pieces) >= 2
    assert all(len(p) <= MAX_PIECE_CHARS for p in pieces)
    assert " ".join(pieces) == sentence  # nothing lost, no word cut
    assert all(p.rstrip().endswith((",", ";", ".")) for p in pieces)


def test_a_sentence_without_punctuation_is_cut_between_words() -> None:
    sentence = " ".join(["word"] * 120)
    pieces = cap_length(sentence)
    assert all(len(p) <= MAX_PIECE_CHARS for p in pieces)
    assert " ".join(pieces) == sentence


def test_a_long_article_is_scripted_whole(tmp_path: Path) -> None:
    # How fast this runs is measured in benchmarks/, not asserted here.
    paragraph = (
        "In 2019 the team measured 1,250 samples, e.g. soil and water, at 3.5% humidity; "
        "the results, published on 2020-05-01, cost about $4,000 and took 2–3 weeks. "
    )
    body = "\n\n".join(f"## Part {n}\n\n" + "\n\n".join([paragraph * 3] * 4) for n in range(1, 6))
    path = tmp_path / "2024-01-01-long.md"
    path.write_text(f"# A Long Article\n\n{body}\n")
    assert len(path.read_text().split()) > 1500
    script = script_of(path)
    assert [s.title for s in script.sections] == [f"Part {n}" for n in range(1, 6)]
    assert all(len(piece) <= 200 for s in script.sections for piece in s.sentences)
