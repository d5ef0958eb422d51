"""Loading articles as static-site generators write them: TOML/JSON front matter, dates
with times and zones, shortcodes and template tags never spoken, Markdown extensions
spoken sensibly, file names made into slugs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.errors import ArticleError
from reader.load import load_article
from reader.models import Article
from reader.script import make_script

SITES = Path(__file__).parent / "fixtures" / "sites"
HUGO = SITES / "hugo" / "content" / "posts"
JEKYLL = SITES / "jekyll"
NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


def spoken(article: Article) -> list[str]:
    return [s for section in make_script(article).sections for s in section.sentences]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


class TestHugoPageBundle:
    @pytest.fixture()
    def article(self) -> Article:
        return load_article(HUGO / "my-trip" / "index.md")

    def test_is_named_by_its_folder(self, article: Article) -> None:
        assert article.meta.slug == "my-trip"

    def test_toml_front_matter_gives_title_summary_keywords_aliases(self, article: Article) -> None:
        meta = article.meta
        assert meta.title == "My Trip North"
        assert meta.description == "A slow train to the north."
        assert meta.keywords == ("travel", "trains", "Journeys")
        assert meta.aliases == ("/old/my-trip/",)

    def test_date_keeps_its_time_and_zone(self, article: Article) -> None:
        date = article.meta.date
        assert isinstance(date, dt.datetime)
        assert date.isoformat() == "2025-11-02T08:30:00+01:00"
        assert make_script(article).to_json_obj()["date"] == "2025-11-02"

    def test_shortcodes_are_never_spoken_but_a_figure_caption_is(self, article: Article) -> None:
        words = spoken(article)
        assert words[:4] == [
            "We took the slow train north with friends.",
            "The hills at dawn.",  # the figure shortcode's caption
            "A code sample is omitted here.",  # {{< highlight >}} holds code
            "Bring a warm coat.",  # {{% notice %}}'s content is prose
        ]
        assert not any("{" in s or "youtube" in s or "Println" in s for s in words)

    def test_footnotes_definitions_and_admonitions_are_spoken_sensibly(
        self, article: Article
    ) -> None:
        assert make_script(article).sections[1].sentences == [
            "The station was small.",  # the [^1] marker and the note itself are not read
            "Fjord: A long, narrow inlet of the sea.",
            "Pack light: One bag is plenty.",
        ]


def test_a_file_name_that_is_not_a_slug_is_made_into_one() -> None:
    assert load_article(HUGO / "Quiet Mornings.md").meta.slug == "quiet-mornings"
    harbour = load_article(JEKYLL / "_posts" / "2025-05-06-Harbour Walls.markdown")
    assert (harbour.meta.slug, harbour.meta.date) == ("harbour-walls", dt.date(2025, 5, 6))


def test_an_invalid_front_matter_slug_is_still_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "ok-name.md", "---\nslug: Not A Slug\n---\n# T\n\nText.\n")
    with pytest.raises(ArticleError, match="front matter slug 'Not A Slug' is not a valid slug"):
        load_article(path)


def test_json_front_matter() -> None:
    meta = load_article(HUGO / "json-post.md").meta
    assert (meta.title, meta.slug, meta.date) == (
        "Written in JSON", "json-front-matter", dt.date(2025, 8, 15)
    )


@pytest.mark.parametrize(
    ("name", "live"),
    [
        ("Quiet Mornings.md", True),  # publishDate in the past
        ("later.md", False),  # publishDate in 2099: not published yet
        ("old-news.md", False),  # expiryDate in 2001: no longer published
        ("draft-idea.md", False),
    ],
)
def test_publish_date_expiry_date_and_draft_decide_what_is_live(name: str, live: bool) -> None:
    assert load_article(HUGO / name).meta.is_live(NOW) is live


class TestJekyllPost:
    @pytest.fixture()
    def article(self) -> Article:
        return load_article(JEKYLL / "_posts" / "2025-03-04-first-light.md")

    def test_date_with_a_jekyll_offset_and_slug_from_the_file_name(self, article: Article) -> None:
        assert article.meta.slug == "first-light"
        assert article.meta.date == dt.datetime(
            2025, 3, 4, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))
        )

    def test_excerpt_and_categories(self, article: Article) -> None:
        assert article.meta.description == "Dawn over the harbour."
        assert article.meta.keywords == ("mornings", "sea")

    def test_liquid_tags_are_never_spoken(self, article: Article) -> None:
        assert spoken(article) == [
            "Dawn came over the harbour.",
            "A code sample is omitted here.",  # {% highlight %} … {% endhighlight %}
            "The boats went out one by one.",  # the {% comment %} block is gone
        ]


def test_a_jekyll_html_post_has_front_matter_too(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Harbour Lights\ndate: 2025-06-01\n---\n"
        "<p>The lights come on at dusk, one after another along the quay.</p>\n"
        "<p>Fishermen steer by them on the way home.</p>\n"
    )
    article = load_article(write(tmp_path, "_posts/2025-06-01-harbour-lights.html", text))
    assert (article.meta.title, article.meta.slug) == ("Harbour Lights", "harbour-lights")
    assert not any("---" in s or "title:" in s for s in spoken(article))


def test_jekyll_published_false_is_a_draft(tmp_path: Path) -> None:
    path = write(tmp_path, "p.md", "---\ntitle: P\npublished: false\n---\nWords here.\n")
    assert load_article(path).meta.draft


def test_mdx_imports_and_components_are_never_spoken(tmp_path: Path) -> None:
    text = (
        "---\ntitle: Components\ndate: 2025-01-02\n---\n"
        "import Chart from '../components/Chart.astro';\n\n"
        "The numbers went up.\n\n<Chart data={sales} />\n\n"
        "<Callout type=\"tip\">\nDrink water.\n</Callout>\n\nThey came down again.\n"
    )
    article = load_article(write(tmp_path, "components.mdx", text))
    assert spoken(article) == ["The numbers went up.", "Drink water.", "They came down again."]


def test_other_admonition_syntaxes_read_as_a_label(tmp_path: Path) -> None:
    text = (
        "# Notes\n\n:::warning\nMind the gap.\n:::\n\n> [!NOTE]\n> Doors close early.\n\n"
        "Code shows `{{ not_a_tag }}` in fences:\n\n```\n{{< keep >}}\n```\n"
    )
    article = load_article(write(tmp_path, "notes.md", text))
    assert spoken(article)[:2] == ["Warning: Mind the gap.", "Note: Doors close early."]
    assert "{{&lt; keep &gt;}}" in article.body_html  # fenced code is shown as written
    assert "<code>{{ not_a_tag }}</code>" in article.body_html  # and inline code too


def test_a_date_with_a_time_but_no_zone_is_taken_as_utc(tmp_path: Path) -> None:
    path = write(tmp_path, "t.md", "---\ntitle: T\ndate: 2025-02-03T04:05:06\n---\nWords.\n")
    assert load_article(path).meta.date == dt.datetime(2025, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
