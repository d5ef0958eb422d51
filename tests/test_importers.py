"""`reader import`: WordPress, Ghost and RSS/Atom (over HTTP on 127.0.0.1) → Markdown
articles that `reader build` reads, never overwriting an author's edit."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from reader.errors import UserError
from reader.importers import ImportOptions
from reader.importers.session import import_posts
from reader.load import load_article
from reader.script import make_script
from tests.conftest import run_reader

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
WXR = FIXTURES / "wordpress.xml"
GHOST = FIXTURES / "ghost.json"


def run(source: str | Path, output: Path, **kwargs: object) -> object:
    return import_posts(str(source), output, show_progress=False, **kwargs)  # type: ignore[arg-type]


def front(path: Path) -> dict[str, object]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def spoken(path: Path) -> list[list[str]]:
    return [s.sentences for s in make_script(load_article(path)).sections]


def snapshot(folder: Path) -> dict[str, bytes]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


class TestWordPress:
    def test_imports_the_published_post_and_says_why_the_rest_is_skipped(
        self, tmp_path: Path
    ) -> None:
        report = run(WXR, tmp_path)
        assert report.written == ["2025-04-08-tides-and-timetables.md"]  # type: ignore[attr-defined]
        assert report.skipped == [  # type: ignore[attr-defined]
            "Half a Thought: not published (draft)",
            "About the Harbour: a page, not a post (add --pages)",
            "ferry: an attachment, not a post",
        ]
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            ".reader-import.json", "2025-04-08-tides-and-timetables.md"
        ]

    def test_front_matter_has_display_name_gmt_date_terms_and_excerpt(self, tmp_path: Path) -> None:
        run(WXR, tmp_path)
        meta = front(tmp_path / "2025-04-08-tides-and-timetables.md")
        assert meta == {
            "title": "Tides & Timetables",
            "date": "2025-04-08T09:00:00+00:00",
            "slug": "tides-and-timetables",
            "author": "Mara Quay",
            "description": "Why the ferry waits for the sea.",
            "tags": ["ferries"],
            "categories": ["Sea"],  # "Uncategorized" is WordPress's default, not a topic
            "original_url": "https://harbour.example.org/2025/04/tides-and-timetables/",
        }

    def test_blocks_and_shortcodes_are_cleaned_and_the_caption_kept(self, tmp_path: Path) -> None:
        run(WXR, tmp_path)
        path = tmp_path / "2025-04-08-tides-and-timetables.md"
        assert spoken(path) == [
            [
                "The tide sets the ferry's timetable, not the other way round.",
                "The morning ferry at low water.",
            ],
            ["Twice a month the water climbs higher.", "Boats wait for it."],
        ]
        text = path.read_text(encoding="utf-8")
        assert "wp:" not in text and "[embed]" not in text and "[caption" not in text
        # Images are referenced where they are, not downloaded.
        assert "](https://harbour.example.org/wp-content/uploads/2025/04/ferry.jpg)" in text

    def test_pages_only_when_asked(self, tmp_path: Path) -> None:
        report = run(WXR, tmp_path, options=ImportOptions(pages=True))
        assert "2024-12-01-about.md" in report.written  # type: ignore[attr-defined]

    def test_a_rerun_changes_nothing_and_a_dry_run_writes_nothing(self, tmp_path: Path) -> None:
        out = tmp_path / "articles"
        dry = run(WXR, out, dry_run=True)
        assert dry.written == ["2025-04-08-tides-and-timetables.md"]  # type: ignore[attr-defined]
        assert not out.exists()
        run(WXR, out)
        before = snapshot(out)
        again = run(WXR, out)
        assert again.written == [] and again.unchanged == [  # type: ignore[attr-defined]
            "2025-04-08-tides-and-timetables.md"
        ]
        assert snapshot(out) == before  # byte-identical, the state file too

    def test_update_rewrites_only_unedited_files_it_wrote(self, tmp_path: Path) -> None:
        out = tmp_path / "articles"
        run(WXR, out)
        article = out / "2025-04-08-tides-and-timetables.md"
        changed = tmp_path / "changed.xml"
        changed.write_text(
            WXR.read_text(encoding="utf-8").replace("Boats wait for it.", "Boats wait."),
            encoding="utf-8",
        )
        kept = run(changed, out)  # without --update: never overwritten
        assert kept.kept and "--update" in kept.kept[0]  # type: ignore[attr-defined]
        assert "Boats wait for it." in article.read_text(encoding="utf-8")

        updated = run(changed, out, update=True)
        assert updated.updated == [article.name]  # type: ignore[attr-defined]
        assert "Boats wait." in article.read_text(encoding="utf-8")

        article.write_text(article.read_text(encoding="utf-8") + "\nMy own note.\n")
        edited = run(WXR, out, update=True)  # the author edited it: kept even with --update
        assert edited.updated == [] and "edited since" in edited.kept[0]  # type: ignore[attr-defined]
        assert article.read_text(encoding="utf-8").endswith("My own note.\n")

    def test_a_post_whose_date_changed_is_still_the_file_written_before(
        self, tmp_path: Path
    ) -> None:
        out = tmp_path / "articles"
        run(WXR, out)
        moved = tmp_path / "moved.xml"
        moved.write_text(
            WXR.read_text(encoding="utf-8").replace("2025-04-08 09:00:00", "2025-04-10 09:00:00"),
            encoding="utf-8",
        )
        report = run(moved, out, update=True)
        assert report.updated == ["2025-04-08-tides-and-timetables.md"]  # type: ignore[attr-defined]
        assert sorted(p.name for p in out.glob("*.md")) == ["2025-04-08-tides-and-timetables.md"]
        assert front(out / "2025-04-08-tides-and-timetables.md")["date"] == (
            "2025-04-10T09:00:00+00:00"
        )

    def test_a_broken_export_is_one_line_exit_2(self, tmp_path: Path) -> None:
        broken = tmp_path / "export.xml"
        broken.write_text(WXR.read_text(encoding="utf-8")[:3000], encoding="utf-8")
        result = run_reader("import", broken, "-o", tmp_path / "a")
        assert result.returncode == 2
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"error: {broken}: is not well-formed XML (line ")

    def test_a_slug_from_the_export_never_leaves_the_output_folder(self, tmp_path: Path) -> None:
        evil = tmp_path / "evil.xml"
        evil.write_text(
            WXR.read_text(encoding="utf-8").replace(
                "<![CDATA[tides-and-timetables]]>", "<![CDATA[../../../tmp/escape]]>"
            ),
            encoding="utf-8",
        )
        out = tmp_path / "out"
        report = run(evil, out)
        assert report.written == ["2025-04-08-tmp-escape.md"]  # type: ignore[attr-defined]
        assert (out / "2025-04-08-tmp-escape.md").is_file()


class TestGhost:
    def test_published_post_with_authors_in_order_tags_and_ghost_url_dropped(
        self, tmp_path: Path
    ) -> None:
        report = run(GHOST, tmp_path)
        assert report.written == ["2025-01-02-lighthouse-keepers.md"]  # type: ignore[attr-defined]
        assert report.skipped == [  # type: ignore[attr-defined]
            "Unsent Letter: not published (draft)",
            "Contact: a page, not a post (add --pages)",
        ]
        path = tmp_path / "2025-01-02-lighthouse-keepers.md"
        meta = front(path)
        assert meta["author"] == "Ines Beacon, Tom Rock"
        assert meta["tags"] == ["Lights"]  # "#internal" tags are Ghost's own
        assert meta["date"] == "2025-01-02T10:00:00+00:00"
        text = path.read_text(encoding="utf-8")
        # No site named: links to the old site keep their text, its images are left out.
        assert "__GHOST_URL__" not in text and "/lamps/" not in text and "light.jpg" not in text
        assert "See the lamps." in text
        assert spoken(path) == [
            ["The last keeper left in nineteen ninety-eight.", "See the lamps.",
             "The lamp room."]
        ]  # fmt: skip

    def test_ghost_url_resolved_when_the_site_is_named(self, tmp_path: Path) -> None:
        run(GHOST, tmp_path, options=ImportOptions(site_url="https://light.example.org/"))
        text = (tmp_path / "2025-01-02-lighthouse-keepers.md").read_text(encoding="utf-8")
        assert "[the lamps](https://light.example.org/lamps/)" in text
        assert "(https://light.example.org/content/images/2025/01/light.jpg)" in text


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder without logging each request to stderr, where the command run in
    this process (tests.conftest.run_reader) writes what the tests read."""

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def coast(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The fixture feed, its archive page and the summary-only item's page, served on
    127.0.0.1 by a real HTTP server."""
    root = tmp_path / "www"
    (root / "cliff-path").mkdir(parents=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for name in ("feed.xml", "feed-2024.xml"):
        text = (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", base)
        (root / name).write_text(text, encoding="utf-8")
    (root / "cliff-path" / "index.html").write_bytes((FIXTURES / "cliff-path.html").read_bytes())
    (root / "dune.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a JPEG")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, root
    finally:
        server.shutdown()
        server.server_close()


class TestFeed:
    def test_full_text_items_summary_pages_and_archives(
        self, coast: tuple[str, Path], tmp_path: Path
    ) -> None:
        base, _ = coast
        out = tmp_path / "articles"
        report = run(f"{base}/feed.xml", out)
        assert sorted(report.written) == [  # type: ignore[attr-defined]
            "2024-12-20-winter-harbour.md",  # from the RFC 5005 prev-archive page
            "2025-02-15-sand-dunes.md",
            "2025-03-01-cliff-path.md",
        ]
        cliff = out / "2025-03-01-cliff-path.md"
        # Only a summary ending in […] in the feed: the page was fetched and extracted.
        words = [s for section in spoken(cliff) for s in section]
        assert "Walkers keep to the inland side when the wind rises." in words
        assert any(s.startswith("Gulls nest on the ledges below") for s in words)
        assert not any("newsletter" in s or "Home" in s for s in words)
        meta = front(cliff)
        assert meta["author"] == "Wren Walker" and meta["tags"] == ["paths"]
        # The feed's own time and zone are kept.
        assert load_article(cliff).meta.date == dt.datetime(
            2025, 3, 1, 7, 45, tzinfo=dt.timezone(dt.timedelta(hours=-5))
        )
        assert spoken(out / "2025-02-15-sand-dunes.md") == [
            ["Dunes move a little every winter."], ["The grass holds them in place."]
        ]
        assert front(out / "2024-12-20-winter-harbour.md")["date"] == "2024-12-20T16:00:00+01:00"
        # A summary that is the start of the body, or a teaser, is no description.
        assert "description" not in front(out / "2025-02-15-sand-dunes.md")
        assert "description" not in meta

    def test_images_are_downloaded_only_when_asked(
        self, coast: tuple[str, Path], tmp_path: Path
    ) -> None:
        base, root = coast
        plain, with_images = tmp_path / "plain", tmp_path / "with-images"
        run(f"{base}/feed.xml", plain)
        assert f"![A dune]({base}/dune.jpg)" in (plain / "2025-02-15-sand-dunes.md").read_text()
        assert not (plain / "images").exists()
        run(f"{base}/feed.xml", with_images, images=True)
        text = (with_images / "2025-02-15-sand-dunes.md").read_text()
        assert "![A dune](images/sand-dunes/dune.jpg)" in text
        local = with_images / "images" / "sand-dunes" / "dune.jpg"
        assert local.read_bytes() == (root / "dune.jpg").read_bytes()

    def test_a_network_error_is_one_line_exit_2_and_keeps_what_was_imported(
        self, coast: tuple[str, Path], tmp_path: Path
    ) -> None:
        base, root = coast
        (root / "feed-2024.xml").unlink()  # the archive page is gone: 404
        out = tmp_path / "articles"
        result = run_reader("import", f"{base}/feed.xml", "-o", out)
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [
            f"error: {base}/feed-2024.xml: the server answered 404"
        ]
        assert sorted(p.name for p in out.glob("*.md")) == [
            "2025-02-15-sand-dunes.md", "2025-03-01-cliff-path.md"
        ]

    def test_nothing_listening_is_a_user_error(self, tmp_path: Path) -> None:
        with pytest.raises(UserError, match="cannot fetch"):
            run("http://127.0.0.1:9/feed.xml", tmp_path / "a")


def test_imported_articles_build_a_site_that_checks_clean(tmp_path: Path) -> None:
    from reader.builder import build_site
    from reader.site.check import check_site

    from .conftest import write_config

    articles = tmp_path / "articles"
    run(WXR, articles)
    run(GHOST, articles)
    # What is said does not matter here: the test engine speaks (tests/conftest.py).
    config = write_config(tmp_path)
    summary = build_site(articles, tmp_path / "output", config, show_progress=False)
    assert summary.failed == []
    assert sorted(summary.built) == [
        "2025-01-02-lighthouse-keepers.md", "2025-04-08-tides-and-timetables.md"
    ]
    assert check_site(tmp_path / "output") == []


def test_a_feed_file_follows_archives_beside_it_and_never_outside(tmp_path: Path) -> None:
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        '<link rel="prev-archive" href="{href}"/><entry><title>{title}</title>'
        "<id>urn:{title}</id><published>2025-01-0{day}T00:00:00Z</published>"
        '<content type="html">&lt;p&gt;{title} is here.&lt;/p&gt;</content></entry></feed>'
    )
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "now.xml").write_text(atom.format(href="old.xml", title="Now", day=2))
    (feeds / "old.xml").write_text(atom.format(href="../secret.xml", title="Old", day=1))
    (tmp_path / "secret.xml").write_text(atom.format(href="now.xml", title="Secret", day=3))
    out = tmp_path / "out"
    with pytest.raises(UserError, match="would leave"):
        run(feeds / "now.xml", out)
    # What was read before the bad link is kept.
    assert sorted(p.name for p in out.glob("*.md")) == ["2025-01-01-old.md", "2025-01-02-now.md"]


def test_a_file_of_no_known_format_is_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "notes.csv"
    junk.write_text("a,b\n1,2\n")
    with pytest.raises(UserError, match="is none of the formats reader import reads"):
        run(junk, tmp_path / "out")


THEME_UNIT = FIXTURES / "wordpress-theme-unit.xml"


class TestWordPressThemeUnitShape:
    """An export in the shape a current WordPress writes (https namespaces, menu items,
    attachments, a password, block footnotes, a Greek page slug), written for these tests."""

    def test_only_public_published_posts_become_articles_and_each_scripts(
        self, tmp_path: Path
    ) -> None:
        report = run(THEME_UNIT, tmp_path)
        assert sorted(report.written) == [  # type: ignore[attr-defined]
            "2015-02-02-lamps-along-the-canal.md", "2015-03-03-notes-from-the-lamp-room.md",
            "2015-08-07-post-format-image-linked.md", "2015-09-09-markup-image-alignment.md",
        ]
        skipped = report.skipped  # type: ignore[attr-defined]
        assert "Home: a nav_menu_item, not a post" in skipped
        assert "lantern-at-dusk: an attachment, not a post" in skipped
        assert any(s.startswith("The Keeper's Ledger: password-protected") for s in skipped)
        assert "Gallery Only: nothing to speak (no text in its body)" in skipped
        assert "Unfinished Thoughts on Oil: not published (draft)" in skipped
        for name in report.written:  # type: ignore[attr-defined]
            assert spoken(tmp_path / name)  # `reader script` has something to say

    def test_footnotes_are_footnotes_and_share_lines_are_not_spoken(self, tmp_path: Path) -> None:
        run(THEME_UNIT, tmp_path)
        canal = tmp_path / "2015-02-02-lamps-along-the-canal.md"
        assert spoken(canal) == [[
            "The canal lamps were lit by hand until nineteen sixty-two.",
            "A lamplighter walked the towpath at dusk.",
        ]]
        text = canal.read_text(encoding="utf-8")
        assert "[^1]: City records, lighting ledger, volume three." in text
        assert "Share this post" not in text
        lamp = tmp_path / "2015-03-03-notes-from-the-lamp-room.md"
        assert spoken(lamp) == [["Wicks are trimmed every morning.", "Soot is the enemy."]]
        assert "[^1]: From the keeper's handbook." in lamp.read_text(encoding="utf-8")

    def test_a_caption_attribute_is_the_posts_text(self, tmp_path: Path) -> None:
        """"Post Format: Image (Linked)": its only text is [caption caption="…"], the form
        older WordPress wrote; the caption is text the reader sees, so it is kept."""
        run(THEME_UNIT, tmp_path)
        linked = tmp_path / "2015-08-07-post-format-image-linked.md"
        assert spoken(linked) == [[
            "A lamp on the canal wall at dusk, its glass sooted from a winter of paraffin."
        ]]
        text = linked.read_text(encoding="utf-8")
        assert "[caption" not in text and 'caption="' not in text
        assert "(https://lantern.example.net/wp-content/uploads/2015/01/lantern-at-dusk" in text

    def test_sizes_in_css_units_are_spoken_with_the_units_name(self, tmp_path: Path) -> None:
        run(THEME_UNIT, tmp_path)
        printed = run_reader(
            "script", tmp_path / "2015-09-09-markup-image-alignment.md", check=True
        ).stdout
        assert "twelve hundred pixels wide" in printed
        assert not any(ch.isdigit() for ch in printed), printed  # no "1200px", no "onepx"
        assert spoken(tmp_path / "2015-09-09-markup-image-alignment.md") == [[
            "The image below, though twelve hundred pixels wide, should not overflow the "
            "content area.",
            "The whole canal, with a one pixel border.",
            "Captions sit sixteen points below the image, indented by two ems, and fade in "
            "over three hundred milliseconds.",
        ]]

    def test_pages_with_percent_encoded_slugs_are_decoded(self, tmp_path: Path) -> None:
        report = run(THEME_UNIT, tmp_path, options=ImportOptions(pages=True))
        written = report.written  # type: ignore[attr-defined]
        # %ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf is "επίπεδο": decoded, then spelled in
        # Latin letters as every slug is, never "ce-b5-cf-80-…".
        assert "2015-01-07-epipedo.md" in written and "2015-01-07-about.md" in written
        assert not any("ce-b5" in name for name in written)
        assert "Private Page: not published (private)" in report.skipped  # type: ignore[attr-defined]


def test_a_feed_items_share_line_and_footnote_list_are_not_spoken(tmp_path: Path) -> None:
    item = (
        "<p>Kites need steady wind.<sup><a href='#fn1' id='r1'>1</a></sup> Gusts tear them.</p>"
        "<p>Share this post: Tweet</p><ul><li>Share on Facebook</li></ul>"
        "<ol class='footnotes'><li id='fn1'>Measured on the beach. <a href='#r1'>↩</a></li></ol>"
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Kites</title>'
        "<link>https://kites.example.com/</link><item><title>Wind</title>"
        "<link>https://kites.example.com/wind/</link>"
        "<pubDate>Sat, 01 Mar 2025 10:00:00 +0000</pubDate>"
        f"<content:encoded><![CDATA[{item}]]></content:encoded></item></channel></rss>",
        encoding="utf-8",
    )
    run(feed, tmp_path / "out")
    (article,) = (tmp_path / "out").glob("*.md")
    assert spoken(article) == [["Kites need steady wind.", "Gusts tear them."]]
    assert "[^1]: Measured on the beach." in article.read_text(encoding="utf-8")


def test_a_saved_page_with_wordpress_footnotes_and_a_share_bar_speaks_neither(
    tmp_path: Path,
) -> None:
    page = tmp_path / "2015-02-02-canal.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><title>Canal</title></head><body><main><article>"
        "<h1>Canal</h1><div class='entry-content'><p>The canal lamps were lit by hand every "
        "evening of the year.<sup data-fn='x' class='fn'><a href='#x'>1</a></sup> A lamplighter"
        " walked the towpath at dusk with a long pole.</p><p>Share this post: Tweet</p>"
        "<ol class='wp-block-footnotes'><li id='x'>City records of the lamps. "
        "<a href='#x-link'>↩︎</a></li></ol></div></article></main></body></html>",
        encoding="utf-8",
    )
    words = " ".join(s for section in spoken(page) for s in section)
    assert "The canal lamps were lit by hand every evening of the year." in words
    assert "A lamplighter walked the towpath at dusk with a long pole." in words
    assert "Share" not in words and "Tweet" not in words and "City records" not in words
