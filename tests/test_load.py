"""Loading articles: what a file becomes as an Article (metadata, sections, reading HTML).

Fixtures in tests/fixtures/articles/ are written for these tests and reproduce the
quirks of real exported articles (see ../shared/seed-article.txt).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path

import pytest

from reader.errors import ArticleError
from reader.load import load_article
from reader.models import Article
from tests.conftest import run_reader

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEED_STYLE = FIXTURES / "seed-style.txt"
MARKDOWN = FIXTURES / "2025-11-02-footnotes-and-code.md"
BOILERPLATE = FIXTURES / "boilerplate.html"


def all_text(article: Article) -> str:
    return "\n".join(p for s in article.sections for p in s.paragraphs)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- plain text like the user's export ---------------------------------------------


class TestSeedStyleText:
    @pytest.fixture(scope="class")
    @classmethod
    def article(cls) -> Article:
        return load_article(SEED_STYLE)

    def test_title_is_the_first_line_after_the_navigation(self, article: Article) -> None:
        assert article.meta.title == "The Quiet Science of Composting"

    def test_sections_are_an_untitled_opening_then_each_heading(self, article: Article) -> None:
        assert [s.title for s in article.sections] == [
            None,
            "What Happens Inside a Heap",
            "Getting the Balance Right",
            "Is Compost Worth the Effort?",
        ]

    def test_navigation_lines_and_reference_list_are_gone(self, article: Article) -> None:
        text = all_text(article)
        assert "Read or Listen" not in text
        assert "http" not in text and "example.org" not in text
        assert "←" not in article.body_html and "http" not in article.body_html

    def test_footnote_markers_in_every_shape_are_removed(self, article: Article) -> None:
        text = all_text(article)
        # `needs.” 1` at a paragraph end, `3 days. 2 After` mid-paragraph,
        # `process 3 Without` with no punctuation, `material. 4 A` before a one-letter word.
        assert text.count("what it needs.”") == 1
        assert "what it needs.” 1" not in text
        assert "within 3 days. After that" in text
        assert "finishers of the process. Without them" in text
        assert "more brown material. A dry heap" in text

    def test_real_numbers_are_kept(self, article: Article) -> None:
        text = all_text(article)
        for phrase in (
            "conducted in 2009",
            "published in 2018",
            "Chapter 9 shows",
            "reach 60 degrees within 3 days",
            "about 3 parts brown to 1 part green",
            "It takes 2 hours",
        ):
            assert phrase in text

    def test_every_body_paragraph_is_present(self, article: Article) -> None:
        assert [len(s.paragraphs) for s in article.sections] == [2, 2, 2, 1]

    def test_date_falls_back_to_file_time_with_a_warning(
        self, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        copy = write(tmp_path, "composting.txt", SEED_STYLE.read_text(encoding="utf-8"))
        os.utime(copy, (1_700_000_000, 1_700_000_000))
        with caplog.at_level(logging.WARNING):
            article = load_article(copy)
        assert article.meta.date == dt.date(2023, 11, 14)
        assert "composting.txt" in caplog.text and "file time" in caplog.text

    def test_slug_and_description_come_from_file_name_and_first_paragraph(
        self, article: Article
    ) -> None:
        assert article.meta.slug == "seed-style"
        assert article.meta.description.startswith("Composting is older than farming")
        assert len(article.meta.description) <= 201

    def test_body_html_is_escaped_paragraphs_and_headings(self, tmp_path: Path) -> None:
        text = "Tags <b>and</b> Things\n\nFish & chips <script>x</script>."
        path = write(tmp_path, "a.txt", text)
        article = load_article(path)
        assert article.meta.title == "Tags and Things"
        assert "<script" not in article.body_html
        assert "Fish &amp; chips" in article.body_html


# --- Markdown -----------------------------------------------------------------------


class TestMarkdown:
    @pytest.fixture(scope="class")
    @classmethod
    def article(cls) -> Article:
        return load_article(MARKDOWN)

    def test_front_matter_and_date_prefix(self, article: Article) -> None:
        assert article.meta.title == "Notes on Quiet Keyboards"
        assert article.meta.author == "Test Writer"
        assert article.meta.lang == "en"
        assert article.meta.date == dt.date(2025, 11, 2)
        assert article.meta.slug == "footnotes-and-code"

    def test_title_heading_is_not_repeated_as_a_section(self, article: Article) -> None:
        assert [s.title for s in article.sections] == [None, "Choosing Switches", "Living With It"]
        assert "<h1>" not in article.body_html

    def test_footnotes_images_and_urls_are_not_in_the_text(self, article: Article) -> None:
        text = all_text(article)
        assert "[^" not in text and "informal test" not in text
        assert "quieter than a plain one" in text  # the <sup>2</sup> marker is gone
        assert "keyboard.jpg" not in text and "Photo of a keyboard" not in text
        assert "https://" not in text and "See the link for the numbers & more." in text

    def test_links_are_their_text_and_markup_is_gone(self, article: Article) -> None:
        text = all_text(article)
        assert "according to a forum survey of 1,250 owners" in text
        assert "Add foam under the plate." in text and "**" not in text and "*" not in text

    def test_code_and_tables_become_short_notes(self, article: Article) -> None:
        choosing = article.sections[1].paragraphs
        assert "A code sample is omitted here." in choosing
        assert "A table is omitted here." in choosing
        assert "def loudness" not in all_text(article)
        assert "<pre><code>" in article.body_html and "<table>" in article.body_html

    def test_no_audio_region_is_shown_but_not_spoken(self, article: Article) -> None:
        assert "phone app" not in all_text(article)
        assert "phone app" in article.body_html

    def test_lists_and_quotes_are_kept(self, article: Article) -> None:
        living = article.sections[2].paragraphs
        assert living[:3] == (
            "A quiet keyboard is one you stop noticing.",
            "Lubricate the stabilisers once.",
            "Add foam under the plate.",
        )
        assert "<blockquote>" in article.body_html and "<li>" in article.body_html

    def test_body_html_keeps_links_but_no_footnote_markers(self, article: Article) -> None:
        assert '<a href="https://example.com/survey"' in article.body_html
        assert "<sup" not in article.body_html and "footnote" not in article.body_html
        assert "informal test" not in article.body_html


# --- saved HTML pages ---------------------------------------------------------------


class TestHtmlPage:
    @pytest.fixture(scope="class")
    @classmethod
    def article(cls) -> Article:
        return load_article(BOILERPLATE)

    def test_metadata_comes_from_the_page(self, article: Article) -> None:
        assert article.meta.title == "Night Trains Are Back"
        assert article.meta.author == "Ines Duarte"
        assert article.meta.date == dt.date(2025, 10, 5)
        assert article.meta.slug == "boilerplate"

    def test_headings_become_sections(self, article: Article) -> None:
        assert [s.title for s in article.sections] == [
            None,
            "Why They Disappeared",
            "What Brought Them Back",
        ]

    def test_boilerplate_is_dropped(self, article: Article) -> None:
        # What is spoken is the article's own text, paragraph by paragraph, and nothing else:
        # no banner, navigation, share links, footnotes, related posts, footer or scripts.
        assert [s.paragraphs for s in article.sections] == [
            (
                "After years of decline, sleeper trains are running again across Europe. In"
                " 2016 several national operators cut their night services; by 2023 new routes"
                " were opening every season. Travellers say the appeal is simple: you fall"
                " asleep in one country and wake up in another.",
                "A couchette costs from €49, while a private cabin for two can reach €300 on"
                " the busiest nights. Trains cover around 1,000 km overnight at speeds of up to"
                " 200 km/h.",
            ),
            (
                "Cheap flights took most of the passengers in the 1990s and 2000s. Old"
                " carriages were expensive to maintain, and cross-border timetables were hard"
                " to agree.",
                "A refurbished sleeper carriage waiting at the platform.",
            ),
            (
                "Travellers who want to fly less.",
                "New carriages with showers and proper beds.",
                "The journey is part of the holiday again.",
                "Read the published timetables before you book, as many routes run only 3"
                " nights a week.",
            ),
        ]
        shown = set(re.findall(r"<([a-z][a-z0-9]*)", article.body_html))
        assert shown <= {"p", "h2", "ul", "li", "blockquote", "a", "span"}, shown
        text = all_text(article) + article.body_html
        for junk in (
            "cookies",
            "Share on",
            "Home",
            "Related posts",
            "Ten Stations",
            "Privacy policy",
            "SCRIPT TEXT",
            "COOKIE TRACKER",
            "Shop merchandise",
            "rail-report",
        ):
            assert junk not in text, junk

    def test_footnote_marker_is_dropped_but_the_sentence_goes_on(self, article: Article) -> None:
        assert "every season. Travellers say" in all_text(article)

    def test_caption_list_quote_and_link_text_are_spoken(self, article: Article) -> None:
        text = all_text(article)
        assert "A refurbished sleeper carriage waiting at the platform." in text
        assert "New carriages with showers and proper beds." in text
        assert "The journey is part of the holiday again." in text
        assert "Read the published timetables before you book" in text

    def test_no_audio_class_is_shown_but_not_spoken(self, article: Article) -> None:
        assert "supplied by a reader" not in all_text(article)
        assert "supplied by a reader" in article.body_html


# --- metadata rules -----------------------------------------------------------------


def test_front_matter_title_wins_over_the_first_heading(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "2024-02-29-leap.md",
        "---\ntitle: Leap Day\nslug: leap-day\ndate: 2024-03-01\n---\n## Intro\n\nHello there.\n",
    )
    article = load_article(path)
    assert article.meta.title == "Leap Day"
    assert article.meta.slug == "leap-day"
    assert article.meta.date == dt.date(2024, 3, 1)
    assert [s.title for s in article.sections] == ["Intro"]


def test_first_heading_is_the_title_without_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.md", "# A Plain Title\n\nSome words.\n\n## Part\n\nMore.\n")
    article = load_article(path)
    assert article.meta.title == "A Plain Title"
    assert [s.title for s in article.sections] == [None, "Part"]


def test_other_encodings_are_detected(tmp_path: Path) -> None:
    text = "Café Culture\n\nThe café served crème brûlée and a drôle little pâtisserie each day."
    path = write(tmp_path, "cafe.txt", text.encode("cp1252"))
    article = load_article(path)
    assert article.meta.title == "Café Culture"
    assert "crème brûlée" in all_text(article)


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("empty.md", "", "is empty"),
        ("blank.txt", "\n  \n", "is empty"),
        ("nobody.md", "---\ntitle: Only Front Matter\n---\n\n", "no article text"),
        ("code.md", "# Title\n\n```\nprint(1)\n```\n", "nothing to say"),
        ("table.md", "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", "nothing to say"),
        ("yaml.md", "---\ntitle: [unclosed\n---\nText here.\n", "not valid YAML"),
        ("when.md", "---\ntitle: T\ndate: next tuesday\n---\nText here.\n", "not a date"),
        ("untitled.md", "x" * 200 + " words without any title at all.\n", "no title"),
        ("!!!.md", "# Title\n\nText.\n", "gives no slug"),
        ("traversal.md", "---\nslug: ../../etc\n---\n# T\n\nText.\n", "not a valid slug"),
        ("notes.docx", "# Title\n\nText.\n", "unsupported file type"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ],
)
def test_unusable_files_raise_article_error_naming_the_file(
    tmp_path: Path, name: str, content: str | bytes, problem: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    message = str(caught.value)
    assert str(path) in message and problem in message
    assert "\n" not in message


def test_missing_file_is_an_article_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "nowhere.md")


def test_cli_reports_a_bad_file_in_one_line_with_status_2(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    result = run_reader("script", path)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "broken.md" in lines[0] and "YAML" in lines[0]
    assert "Traceback" not in result.stderr


def test_a_closing_line_without_full_stop_is_spoken_not_a_section(tmp_path: Path) -> None:
    path = write(tmp_path, "closing.txt", "A Title\n\nSome words here.\n\nThanks for reading\n")
    article = load_article(path)
    assert article.sections[-1].title is None
    assert article.sections[-1].paragraphs[-1] == "Thanks for reading"


def test_no_audio_headings_do_not_become_sections(tmp_path: Path) -> None:
    text = (
        "# Title\n\nSpoken words.\n\n<!-- no-audio -->\n## Credits\n\nPhotos by a friend.\n"
        "<!-- /no-audio -->\n\n## After\n\nMore spoken words.\n"
    )
    article = load_article(write(tmp_path, "credits.md", text))
    assert [s.title for s in article.sections] == [None, "After"]
    assert "Credits" in article.body_html


def test_inline_no_audio_span_in_html_is_skipped(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Spans</title></head><body><article><h1>Spans</h1><p>This paragraph"
        ' is long enough for the extractor to keep it. <span class="no-audio">Not this part.'
        "</span> But this part again.</p></article></body></html>"
    )
    article = load_article(write(tmp_path, "spans.html", page))
    assert all_text(article) == (
        "This paragraph is long enough for the extractor to keep it. But this part again."
    )


def test_utf16_with_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = "Ünïcode Title\n\nWords in UTF-16 are fine."
    path = write(tmp_path, "wide16.txt", text.encode("utf-16"))
    assert load_article(path).meta.title == "Ünïcode Title"
