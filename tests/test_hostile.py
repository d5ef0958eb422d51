"""Hostile articles: markup, scripts, entities, `]]>`, control characters and bidi overrides.

One real build (module fixture) of a Markdown and an HTML article full of them. Pages must
show article data as text (escaped) and keep only the article's own sanitised formatting;
the feed must stay well-formed XML that podcast parsers read without complaint; ID3 tags
must stay readable; `reader check` must pass. Control characters are stripped when an
article is loaded, so no later stage (page, feed, tags, transcripts, engine) ever sees one.
"""

from __future__ import annotations

import ast
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import podcastparser
import pytest
from mutagen.id3 import ID3

from reader.builder import build_site
from reader.config import PodcastConfig
from reader.load import load_article
from reader.models import Chapter, EpisodeRecord
from reader.site.check import check_site
from reader.site.rss import render_feed

from .conftest import REPO, episode_file, write_config

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: kept, it is text (and harmless in XML and HTML)
# YAML double quotes turn \a \e \0 into BEL, ESC and NUL: control characters that reach
# the metadata after the file was decoded, so the loader must strip them there too.
MARKDOWN = r'''---
title: "<script>alert(1)</script> Fish &amp; Chips ]]> \a\e[31m\0 \u202Eevil"
description: "<b>bold</b> & <script>alert('d')</script> ]]> \a end"
author: "Mallory <img src=x onerror=alert(2)>"
---

A paragraph with <script>alert(3)</script> inline, <img src=x onerror="alert(4)"> an image,
a bell\x07 and an escape\x1b[2J here, and RLO reversed words. Then ]]> closes CDATA.
Fish &amp; chips &lt;b&gt; is an entity.

<iframe src="https://evil.example/"></iframe>

<script>alert(5)</script>

## Links <em>and</em> more

A [javascript link](javascript:alert(6)) and a <a href="javascript:alert(7)">raw link</a>
and a [good link](https://example.com/ok).

<div onclick="alert(8)">A div block with a handler.</div>

<figure><img src="x" onerror="alert(9)"><figcaption>A caption <script>alert(10)</script>
with <b onclick="alert(11)">bold</b> words.</figcaption></figure>
'''
MARKDOWN_TITLE = f"<script>alert(1)</script> Fish &amp; Chips ]]> [31m {RLO}evil"
MARKDOWN_AUTHOR = "Mallory <img src=x onerror=alert(2)>"

HTML = """<!doctype html><html><head>
<title>&lt;script&gt;alert(20)&lt;/script&gt; Page title</title>
<meta name="description" content="&lt;script&gt;x&lt;/script&gt; ]]&gt; desc">
</head><body><article>
<h1>Evil &lt;script&gt;alert(21)&lt;/script&gt; &amp;amp; page</h1>
<p>First paragraph with <script>alert(22)</script> text and <img src="x" onerror="alert(23)">
a <a href="javascript:alert(24)">js link</a>, a bell\x07 and RLO reversed words.</p>
<iframe src="https://evil.example/frame"></iframe>
<p>Second paragraph with <b onmouseover="alert(25)">bold</b>, ]]&gt; and a
<a href="https://example.com/fine" onclick="alert(26)">fine link</a>.</p>
<p>Third paragraph, long enough for the page to read as an article with several
sentences. It goes on a little. And then it ends.</p>
</article></body></html>
"""
HTML_TITLE = "Evil <script>alert(21)</script> &amp; page"

# What the article body on a page may contain: the article's own formatting.
BODY_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "a", "strong", "em",
    "b", "i", "code", "pre", "br", "table", "thead", "tbody", "tr", "th", "td", "sub",
    "span",  # the read-along's sentences: class="rl", id and data-s only
}  # fmt: skip
CONTROL = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32), *range(0x7F, 0xA0)]}


@dataclass
class Site:
    root: Path
    output: Path
    messages: list[str]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("hostile")
    articles = root / "articles"
    articles.mkdir()
    markdown = MARKDOWN.replace("RLO", RLO).replace(r"\x07", "\x07").replace(r"\x1b", "\x1b")
    (articles / "2026-05-01-markdown-attack.md").write_text(markdown, encoding="utf-8")
    page = HTML.replace("RLO", RLO).replace("\\x07", "\x07")
    (articles / "2026-05-02-html-attack.html").write_text(page, encoding="utf-8")
    messages: list[str] = []
    output = root / "output"
    build_site(articles, output, write_config(root, cache=root / "cache"),
               show_progress=False, report=messages.append)
    yield Site(root, output, messages)


class _Page(HTMLParser):
    """Every element with its attributes, the text of <script> elements, the tags inside
    the article body, and the text of each <h1>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.body_tags: list[str] = []
        self.h1: list[str] = []
        self._stack: list[str] = []
        self._body_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if self._body_depth is not None:
            self.body_tags.append(tag)
        if tag == "div" and ("class", "article-body") in attrs:
            self._body_depth = len(self._stack)
        if tag == "script":
            self.scripts.append("")
        if tag == "h1":
            self.h1.append("")
        if tag not in ("meta", "link", "br", "img", "input", "track", "source"):
            self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass
        if self._body_depth is not None and len(self._stack) <= self._body_depth:
            self._body_depth = None

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1] == "script":
            self.scripts[-1] += data
        if "h1" in self._stack:
            self.h1[-1] += data


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


PAGES = ["markdown-attack/index.html", "html-attack/index.html", "index.html"]


def test_both_hostile_articles_are_built(site: Site) -> None:
    assert [m for m in site.messages if m.startswith("error")] == []
    assert episode_file(site.output, "markdown-attack").is_file()
    assert episode_file(site.output, "html-attack").is_file()


@pytest.mark.parametrize(
    ("page", "title"),
    [("markdown-attack/index.html", MARKDOWN_TITLE), ("html-attack/index.html", HTML_TITLE)],
)
def test_a_script_title_is_shown_as_text_never_run(site: Site, page: str, title: str) -> None:
    parsed = parse_page(site.output / page)
    assert parsed.h1 == [title]  # the reader sees the title literally, markup and all
    source = (site.output / page).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in source
    for script in parsed.scripts:  # only the page's own player script
        assert "alert" not in script


@pytest.mark.parametrize("page", PAGES)
def test_no_markup_from_an_article_reaches_a_page(site: Site, page: str) -> None:
    parsed = parse_page(site.output / page)
    for tag, attrs in parsed.elements:
        assert tag not in ("iframe", "object", "embed", "form"), tag
        if tag == "span":
            assert {name for name, _ in attrs} <= {"class", "id", "data-s"}, attrs
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)
            assert "alert(" not in (value or "") or name in (
                "content", "aria-label", "title", "data-title", "data-artist"  # text, escaped
            )
    if page != "index.html":
        assert set(parsed.body_tags) <= BODY_TAGS, parsed.body_tags
        assert "alert" not in "".join(parsed.scripts)


def test_the_article_keeps_its_own_sanitised_formatting(site: Site) -> None:
    source = (site.output / "markdown-attack" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.com/ok" rel="noopener noreferrer">good link</a>' in source
    assert '<h3><span class="rl" id="s3" data-s="s3">Links and more</span></h3>' in source
    assert "Fish &amp; chips &lt;b&gt; is an entity." in source
    html_page = (site.output / "html-attack" / "index.html").read_text(encoding="utf-8")
    assert "<strong>bold</strong>" in html_page
    assert 'href="https://example.com/fine"' in html_page


def test_script_code_inside_a_paragraph_is_neither_shown_nor_spoken(site: Site) -> None:
    spoken = episode_file(site.output, "markdown-attack", ".txt").read_text(encoding="utf-8")
    assert "alert(3)" not in spoken and "alert(three)" not in spoken
    assert "A paragraph with inline, an image, a bell and an escape" in spoken
    assert "A caption with bold words." in spoken  # the figure caption, without its script


def test_the_feed_is_well_formed_and_parsers_read_the_titles_back(site: Site) -> None:
    data = (site.output / "feed.xml").read_bytes()
    root = ET.fromstring(data)
    titles = [item.findtext("title") or "" for item in root.iter("item")]
    assert titles == [HTML_TITLE, MARKDOWN_TITLE]
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == titles
    podcast = podcastparser.parse("https://example.com/listen/feed.xml", io.BytesIO(data))
    assert [" ".join(e["title"].split()) for e in podcast["episodes"]] == [
        " ".join(title.split()) for title in titles  # podcastparser collapses spaces
    ]
    descriptions = [item.findtext("description") for item in root.iter("item")]
    assert "<b>bold</b> & <script>alert('d')</script> ]]>  end" in descriptions


def test_id3_tags_round_trip_without_control_characters(site: Site) -> None:
    tags = ID3(episode_file(site.output, "markdown-attack"))
    assert tags["TIT2"].text == [MARKDOWN_TITLE]
    assert tags["TPE1"].text == [MARKDOWN_AUTHOR]
    chapter_titles = [frame.sub_frames["TIT2"].text[0] for frame in tags.getall("CHAP")]
    assert chapter_titles == ["Introduction", "Links and more"]


def test_reader_check_passes(site: Site) -> None:
    assert check_site(site.output) == []


def test_no_control_character_reaches_any_output_file(site: Site) -> None:
    text_files = [
        p for p in site.output.rglob("*")
        if p.suffix in (".html", ".xml", ".vtt", ".txt", ".json")
    ]
    assert len(text_files) >= 10
    for path in text_files:
        found = CONTROL & set(path.read_text(encoding="utf-8"))
        assert not found, (path, found)
    tags = ID3(episode_file(site.output, "markdown-attack"))
    for frame in tags.values():
        assert not CONTROL & set(str(frame)), frame.FrameID


def test_control_characters_are_stripped_at_load_time(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_text(
        '---\ntitle: "A\\a title\\e[1m \\0here"\nauthor: "Bob\\x07"\n---\n\n'
        "Text\x07 with\x1b[0m\x7f controls\x85 in\x0cit.\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.meta.title == "A title[1m here"
    assert article.meta.author == "Bob"
    assert article.sections[0].paragraphs == ("Text with[0m controls in it.",)


def test_the_feed_writer_drops_what_xml_cannot_hold() -> None:
    """Defence in depth: records from an older manifest or a reader.toml escape."""
    podcast = PodcastConfig(
        title="Cast\x00", description="About\x1b[0m", author="Ann\x07",
        email="ann@example.com", base_url="https://example.com/",
    )
    record = EpisodeRecord(
        slug="one", title="One\x07\x00 \ufffe", date="2026-01-02", description="Desc\x1b",
        author="Bo\x08b", lang="en", explicit=None, audio_file="episodes/one.mp3",
        size_bytes=1000, duration_ms=60_000, chapters=(Chapter("Ch\x0b1", 0, 60_000),),
        body_html="<p>x</p>",
    )
    root = ET.fromstring(
        render_feed(podcast, [record], podcast_guid="ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
    )
    assert root.findtext("channel/title") == "Cast"
    assert root.findtext("channel/item/title") == "One "
    assert root.findtext("channel/item/description") == "Desc"


def test_an_image_path_leaving_the_articles_folder_fails_that_article_only(
    tmp_path: Path,
) -> None:
    """`image: ../../etc/passwd`: that article fails with one line naming it; the other is
    built, and nothing is read from outside the articles folder or copied from it."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "escape.md").write_text(
        '---\ntitle: Escape\nimage: "../../etc/passwd"\n---\n\nJust one line.\n', "utf-8"
    )
    (articles / "fine.md").write_text("---\ntitle: Fine\n---\n\nAlso one line.\n", "utf-8")
    messages: list[str] = []
    output = tmp_path / "output"

    config = write_config(tmp_path)
    summary = build_site(articles, output, config, show_progress=False,
                         report=messages.append)  # fmt: skip

    errors = [m for m in messages if m.startswith("error:")]
    assert len(errors) == 1 and "escape.md" in errors[0] and "would leave" in errors[0]
    assert summary.built == ["fine.md"]
    passwd = Path("/etc/passwd").read_bytes() if Path("/etc/passwd").is_file() else None
    for path in output.rglob("*"):
        if path.is_file():
            assert path.read_bytes() != passwd
            assert b"root:" not in path.read_bytes(), path
    assert not list(output.rglob("*.jpg")) or [p.name for p in output.rglob("*.jpg")] == [
        "cover.jpg"
    ]


def test_no_shell_true_anywhere() -> None:
    """No subprocess call in reader/ runs through a shell, and nothing calls os.system."""
    found: list[str] = []
    sources = sorted((REPO / "reader").rglob("*.py"))
    assert len(sources) > 20
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{source.relative_to(REPO)}:{node.lineno}"
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    found.append(where)
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("system", "popen") and (
                isinstance(func.value, ast.Name) and func.value.id == "os"
            ):
                found.append(where)
    assert found == []
