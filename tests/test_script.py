"""The spoken script: exactly the words that will be spoken, section by section."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reader.language.normalize import to_spoken
from reader.load import load_article
from reader.models import Script
from reader.script import MAX_PIECE_CHARS, cap_length, make_script, speak_paragraph
from tests.conftest import REPO, run_reader

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
        result = run_reader("script", SEED, "--json", check=True)
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


# --- the opening, units, abbreviations and symbols ----------------------------------------

OYSTERS = FIXTURES / "2026-02-01-oysters.md"
# "No." as the abbreviation; "No." as an answer ("No. I will not.") is a word.
NEVER_SPOKEN = re.compile(r"[\d$£€~×#@]|\b(?:St|Mt|Fig|Vol|pp|approx|ca)\.|\bNo\.(?!\s+[A-Z]|\s*$)")


def everything_spoken(script: Script) -> list[str]:
    """The opening, every spoken heading and every piece: all the engine will be given."""
    titles = [s.spoken_title for s in script.sections if s.spoken_title]
    return [*script.opening, *titles, *(p for s in script.sections for p in s.sentences)]


def test_reader_script_json_shows_the_opening_as_spoken() -> None:
    result = run_reader("script", OYSTERS, "--json", check=True)
    printed = json.loads(result.stdout)
    assert printed["title"] == "Oysters at $12,500 (2018–2023)"  # as written, for the page
    assert printed["opening"] == [
        "Oysters at twelve thousand five hundred dollars (twenty eighteen to twenty twenty-three).",
        "By Doctor Lena Fox.",  # one sentence: no break after "Dr."
    ]


def test_reader_script_text_starts_with_the_opening() -> None:
    result = run_reader("script", OYSTERS, check=True)
    lines = result.stdout.splitlines()
    assert lines[2] == (
        "Oysters at twelve thousand five hundred dollars (twenty eighteen to twenty "
        "twenty-three). By Doctor Lena Fox."
    )


@pytest.mark.parametrize("path", SAMPLES + ALL_FIXTURES, ids=lambda p: p.name)
def test_no_digit_symbol_or_abbreviation_is_left_in_anything_spoken(path: Path) -> None:
    spoken = everything_spoken(script_of(path))
    assert spoken
    assert [piece for piece in spoken if NEVER_SPOKEN.search(piece)] == []


def test_the_oysters_fixture_is_spoken_the_way_a_person_reads_it() -> None:
    text = " ".join(everything_spoken(script_of(OYSTERS)))
    for phrase in (
        "We met the growers at Saint Andrews in May.",
        "Then we drove to Mount Etna, approximately thirty kilometers from the coast",
        "a four hundred meter cable",
        "about thirty oysters and weighs two point five tonnes",
        "Figure two shows the yield",
        "about one meter of rope gives two hundred kilograms",
        "pages twelve to fifteen, written circa nineteen ninety by Professor Hale",
        "twelve miles per hour with a sixty watt pump",
        "fourteen degrees Celsius at three feet",
        "A two by three meter net costs forty pounds.",
        "Plan B was a smaller farm; I liked it.",
        "sang in C sharp",
        "crew at example dot com",
    ):
        assert phrase in text, phrase


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("a 400 m cable", "a four hundred meter cable"),
        ("1 m and 200 m", "one meter and two hundred meters"),
        ("2.5 t of sand", "two point five tonnes of sand"),
        ("a 2.5-t truck", "a two point five tonne truck"),
        ("10 µm and 3 mm", "ten micrometers and three millimeters"),
        ("1 L of water, 250 ml", "one liter of water, two hundred and fifty milliliters"),
        ("3 kWh at 230 V", "three kilowatt-hours at two hundred and thirty volts"),
        ("a 60 W bulb", "a sixty watt bulb"),
        ("5 s, 2 h and 90 min", "five seconds, two hours and ninety minutes"),
        ("1,013 hPa", "one thousand and thirteen hectopascals"),
        ("26.2 mi in 3 hrs", "twenty-six point two miles in three hours"),
        ("6 ft 2 in tall", "six feet two in tall"),
        ("12 lb and 1 oz", "twelve pounds and one ounce"),
        ("70 mph, 100 km/h, 9.8 m/s", "seventy miles per hour, one hundred kilometers per hour, "
         "nine point eight meters per second"),
        ("40 m² and 1 ft²", "forty square meters and one square foot"),
        ("plan B, grade A and I", "plan B, grade A and I"),
        ("the 1990s", "the nineteen nineties"),
        ("scored 3 in the first half", "scored three in the first half"),
        ("St. Andrews and St Ives", "Saint Andrews and Saint Ives"),
        ("He lived on Baker St. It was grey.", "He lived on Baker Street. It was grey."),
        ("on Main St., then", "on Main Street, then"),
        ("Mt. Etna", "Mount Etna"),
        ("Fig. 2 and figs. 3", "Figure two and figures three"),
        ("see No. 5, Vol. 3, pp. 12–15, p. 9", "see Number five, Volume three, pages twelve to "
         "fifteen, page nine"),
        ("No. I will not.", "No. I will not."),
        ("approx. 30, ca. 1900", "approximately thirty, circa nineteen hundred"),
        ("~30 people, ~ 2 hours", "about thirty people, about two hours"),
        ("2 × 3 = 6", "two times three equals six"),
        ("a 2 x 4 plank", "a two by four plank"),
        ("speed x2", "speed times two"),
        ("x86 and MP3", "x eighty-six and MP three"),
        ("C# and F#", "C sharp and F sharp"),
        ("#1 fan, press # now, #oysters", "number one fan, press hash now, oysters"),
        ("ask @lena or meet @ noon", "ask at lena or meet at noon"),
        ("mail jo.fox@example.com", "mail jo dot fox at example dot com"),
    ],
)
def test_units_abbreviations_and_symbols(written: str, spoken: str) -> None:
    assert to_spoken(written) == spoken


def test_the_sentence_splitter_does_not_break_after_abbreviations() -> None:
    pieces = speak_paragraph(
        "We met at St. Andrews and climbed Mt. Etna. Fig. 2 shows approx. 30 trays, "
        "ca. 1900, see No. 5 in Vol. 3, pp. 12-15. By Dr. Lena Fox. He lived on Baker St. "
        "It was grey."
    )
    assert pieces == (
        "We met at Saint Andrews and climbed Mount Etna.",
        "Figure two shows approximately thirty trays, circa nineteen hundred, see Number five "
        "in Volume three, pages twelve to fifteen.",
        "By Doctor Lena Fox.",
        "He lived on Baker Street.",
        "It was grey.",
    )


# --- lists ------------------------------------------------------------------------------------


def test_a_list_is_its_lead_in_then_one_piece_per_item() -> None:
    [need] = [s for s in script_of(OYSTERS).sections if s.title == "What you need"]
    assert [p for paragraph in need.paragraphs for p in paragraph] == [
        "You will need:",
        "a ladder that reaches the gutter,",
        "two buckets, and",
        "a free afternoon.",
        "Before you start:",
        "Check the tide table.",
        "Tell someone where you are going.",
        "Take a phone.",
        "That is all it takes.",
    ]
    assert need.list_items == frozenset({1, 2, 3, 5, 6, 7})


def test_fragment_items_are_punctuated_as_one_sentence_and_sentence_items_kept() -> None:
    from reader.models import Section
    from reader.script import read_lists_as_lists

    section = Section(None, (
        "You need:", "flour", "sugar", "eggs", "Then:", "Mix it.", "Bake it.",
    ), frozenset({1, 2, 3, 5, 6}))  # fmt: skip
    assert read_lists_as_lists(section) == [
        "You need:", "flour,", "sugar,", "and eggs.", "Then:", "Mix it.", "Bake it.",
    ]  # fmt: skip


def test_a_plain_text_list_is_a_list_too(tmp_path: Path) -> None:
    path = tmp_path / "gutters.txt"
    path.write_text(
        "Cleaning Gutters\n\nIt takes an afternoon. You will need:\n\n"
        "- a ladder\n- two buckets\n- gloves\n\nThen start at the downpipe.\n"
    )
    [section] = script_of(path).sections
    assert section.paragraphs[1:4] == (("a ladder,",), ("two buckets,",), ("and gloves.",))
    assert section.list_items == frozenset({1, 2, 3})
