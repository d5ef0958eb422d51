"""The pages: index.html (the podcast) and <slug>/index.html (read or listen)."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.models import Chapter, EpisodeRecord
from reader.site import write_site
from reader.site.pages import clock

try:  # tests as a package, or as loose modules (pytest's default rootdir import)
    from .site_support import add_episode, site_config, three_episodes
except ImportError:
    from site_support import add_episode, site_config, three_episodes  # type: ignore[no-redef]


class Outline(HTMLParser):
    """What a browser would build: elements with their attributes, and script bodies."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self._in_style = False
        self.text: list[str] = []
        self.visible: list[str] = []  # the text outside <script> and <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        elif not self._in_style:
            self.visible.append(data)
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]


def outline(path: Path) -> Outline:
    parsed = Outline()
    parsed.feed(path.read_text(encoding="utf-8"))
    return parsed


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[EpisodeRecord]]:
    root = tmp_path_factory.mktemp("pages")
    output = root / "output"
    records = three_episodes(output)
    records.append(add_episode(
        output, "hostile",
        title="<script>alert(1)</script> Tips & Tricks",
        date="2023-12-01",
        body_html=('<h1>Old title</h1><p>Safe <em>text</em> with '
                   '<a href="https://example.org/source">a source</a>.</p>'
                   '<script>alert(2)</script><img src=x onerror="alert(3)">'
                   '<blockquote>A quote</blockquote><ul><li>one</li></ul>'),
        transcript="Spoken <b>bold</b> words & more.\n\nSecond paragraph.",
        description='"Quoted" <i>description</i>',
    ))
    write_site(output, site_config(root), records)
    return output, records


def test_episode_page_structure(site: tuple[Path, list[EpisodeRecord]]) -> None:
    output, records = site
    record = records[0]
    page = outline(output / record.slug / "index.html")
    (html,) = page.all("html")
    assert html["lang"] == "en"
    (viewport,) = [m for m in page.all("meta") if m.get("name") == "viewport"]
    assert "width=device-width" in (viewport["content"] or "")
    assert [name for name, _ in page.elements].count("h1") == 1
    (audio,) = page.all("audio")
    assert audio["src"] == f"../episodes/{record.slug}.mp3"
    assert audio["preload"] == "metadata"
    assert "controls" in audio and audio["aria-label"]
    (track,) = page.all("track")
    assert track["kind"] == "captions" and track["src"] == f"../episodes/{record.slug}.vtt"
    hrefs = [a["href"] for a in page.all("a")]
    assert "../feed.xml" in hrefs and f"../episodes/{record.slug}.vtt" in hrefs
    times = [t.get("datetime") for t in page.all("time")]
    assert record.date in times and "PT2S" in times


def test_chapters_are_buttons_that_seek_the_player(
    site: tuple[Path, list[EpisodeRecord]]
) -> None:
    output, records = site
    record = records[1]
    page = outline(output / record.slug / "index.html")
    starts = [b["data-start"] for b in page.all("button") if "data-start" in b]
    assert starts == [f"{c.start_ms / 1000:.3f}" for c in record.chapters]
    (script,) = page.all("script")
    assert script["src"] == "../read-along.js"
    assert "currentTime" in (output / "read-along.js").read_text(encoding="utf-8")


def test_pages_are_self_contained(site: tuple[Path, list[EpisodeRecord]]) -> None:
    output, records = site
    for path in [output / "index.html", *(output / r.slug / "index.html" for r in records)]:
        page = outline(path)
        # The one script file is the site's own read-along, beside index.html.
        sources = [s["src"] for s in page.all("script") if s.get("src")]
        assert all((path.parent / (src or "")).resolve() == output / "read-along.js"
                   for src in sources)
        assert not [link for link in page.all("link") if link.get("rel") == "stylesheet"]
        assert not [i for i in page.all("img") if re.match(r"https?:", i.get("src") or "")]
        assert "@import" not in path.read_text() and "<style>" in path.read_text()


def test_article_markup_is_escaped_or_sanitised(site: tuple[Path, list[EpisodeRecord]]) -> None:
    output, _ = site
    page = outline(output / "hostile" / "index.html")
    assert page.scripts == [] and [s["src"] for s in page.all("script")] == ["../read-along.js"]
    assert not [attrs for _, attrs in page.elements if "onerror" in attrs]
    text = "".join(page.text)
    assert "<script>alert(1)</script> Tips & Tricks" in text  # shown as text
    assert "Spoken <b>bold</b> words & more." in text  # transcript escaped
    assert [name for name, _ in page.elements].count("h2") >= 1  # article's h1 demoted
    assert ("a", {"href": "https://example.org/source", "rel": "noopener noreferrer"}) in (
        page.elements
    )
    assert page.all("blockquote") and page.all("li")
    index = outline(output / "index.html")
    # No script inline (a strict CSP): the Copy buttons are read-along.js's too.
    assert index.scripts == [] and [s["src"] for s in index.all("script")] == ["read-along.js"]
    assert '"Quoted" <i>description</i>' in "".join(index.text)


def test_index_lists_episodes_newest_first_with_a_subscribe_block(
    site: tuple[Path, list[EpisodeRecord]]
) -> None:
    output, _ = site
    page = outline(output / "index.html")
    episode_links = [a["href"] for a in page.all("a") if (a["href"] or "").endswith("/")
                     and "://" not in (a["href"] or "")]
    assert episode_links == ["deep-friendships/", "quiet-hours/", "first-light/", "hostile/"]
    (feed_field,) = [i for i in page.all("input") if i.get("id") == "feed-url"]
    assert feed_field["value"] == "https://example.com/listen/feed.xml"
    hrefs = [a["href"] or "" for a in page.all("a")]
    assert "podcast://example.com/listen/feed.xml" in hrefs
    assert "pcast://example.com/listen/feed.xml" in hrefs
    assert "pktc://subscribe/example.com/listen/feed.xml" in hrefs
    assert ("https://antennapod.org/deeplink/subscribe?url="
            "https%3A%2F%2Fexample.com%2Flisten%2Ffeed.xml&title=Listening%20Post") in hrefs
    assert "feed.xml" in hrefs
    assert "13 February" not in "".join(page.text)
    assert "February 10, 2024" in "".join(page.text)  # CLDR's long date for "en" (US)


def test_chapter_times_read_as_a_clock() -> None:
    assert [clock(s) for s in (0, 65, 3725)] == ["0:00", "1:05", "1:02:05"]


def test_pages_are_rebuilt_byte_identically(tmp_path: Path) -> None:
    output = tmp_path / "output"
    config = site_config(tmp_path)
    records = three_episodes(output)
    write_site(output, config, records)
    before = {p: p.read_bytes() for p in output.rglob("*.html")}
    write_site(output, config, records)
    assert {p: p.read_bytes() for p in output.rglob("*.html")} == before


def test_site_files_are_readable_by_a_web_server(site: tuple[Path, list[EpisodeRecord]]) -> None:
    output, records = site
    for path in (output / "index.html", output / "feed.xml", output / "cover.jpg",
                 output / records[0].slug / "index.html"):
        assert path.stat().st_mode & 0o044 == 0o044, path


# The site's own English words (the listening page, the index), as the issue lists them.
ENGLISH_UI = (
    "Listen to this article", "Listen:", "Back 15 s", "Forward 30 s", "Speed", "Chapters",
    "Transcript", "Show what the narrator says", "Download", "Podcast feed", "All episodes",
    "Back to the voice", "Subscribe", "Copy", "Paste this feed address", "episodes",
    "Episodes", "Keys:", "play or pause", "Select any sentence", "WebVTT captions",
    "plain text", "Also as", "Made with", "RSS feed", "Other podcast apps",
)
NO_BREAK = "\u00a0"


def words_on(page: Outline) -> str:
    """Everything a reader sees or hears on a page: its text, and the labels a screen reader
    says (aria-label, a track's label) and the Copy button's "Copied"; the product's name
    taken out."""
    spoken = [value for _, attrs in page.elements for name, value in attrs.items()
              if name in ("aria-label", "label", "data-copied") and value]
    return " ".join([*page.visible, *spoken]).replace("read-or-listen", "")


def has_phrase(text: str, phrase: str) -> bool:
    """The phrase as words ("Transcript" is not in "Transcription")."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def english_ui_on(text: str) -> list[str]:
    """The site's English words (ENGLISH_UI) found on a page's words."""
    return [english for english in ENGLISH_UI if has_phrase(text, english)]


def _site_in(root: Path, language: str, titles: tuple[str, str]) -> Path:
    output = root / "output"
    chapters = (Chapter(titles[0], 0, 1000), Chapter(titles[1], 1000, 2000))
    records = [replace(add_episode(output, slug, date="2024-03-14"), lang=language,
                       title=titles[0], chapters=chapters, description=titles[1],
                       body_html=f"<p>{titles[1]}</p>", transcript=titles[1])
               for slug in ("premier", "second")]
    write_site(output, site_config(root, language=language), records)
    return output


def _words_in(root: Path, language: str, titles: tuple[str, str]) -> tuple[str, str]:
    """The words of the first article's page and of the index of a site in `language`,
    once neither is found to show the site's English words."""
    output = _site_in(root, language, titles)
    words = (words_on(outline(output / "premier" / "index.html")),
             words_on(outline(output / "index.html")))
    for seen in words:
        assert english_ui_on(seen) == []
    return words


def test_a_french_site_speaks_french(tmp_path: Path) -> None:
    words, index_words = _words_in(tmp_path, "fr", ("Ouverture", "Le texte de l’article."))
    # French typography: a no-break space between a number and its unit, and before a colon.
    for french in (f"Reculer de 15{NO_BREAK}s", f"Avancer de 30{NO_BREAK}s", "Vitesse",
                   "Chapitres", "Transcription", f"Touches{NO_BREAK}:", "Revenir à la voix",
                   "Tous les épisodes", "14 mars 2024", "Écouter cet article",
                   f"Écouter{NO_BREAK}: Ouverture", "S’abonner au flux du podcast"):
        assert french in words, french
    for french in ("S’abonner", "Copier", "Copié", "2 épisodes", "14 mars 2024",
                   f"dans votre application de podcasts{NO_BREAK}:"):
        assert french in index_words, french


def test_a_hindi_site_speaks_hindi(tmp_path: Path) -> None:
    words, index_words = _words_in(tmp_path, "hi", ("आरंभ", "लेख का पाठ।"))
    for hindi in ("गति", "अध्याय", "प्रतिलेख", "सभी एपिसोड", "आवाज़ पर लौटें", "14 मार्च 2024",
                  "यह लेख सुनें"):
        assert hindi in words, hindi
    for hindi in ("सदस्यता लें", "कॉपी करें", "2 एपिसोड"):
        assert hindi in index_words, hindi
