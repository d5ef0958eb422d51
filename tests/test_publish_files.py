"""How each file of a site is served and when it is sent (reader/publish/files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import UserError
from reader.publish.files import (
    IMMUTABLE,
    SHORT,
    Phase,
    SiteFile,
    content_named,
    content_type,
    is_safe_key,
    phase,
    scan_site,
)


@pytest.mark.parametrize(("key", "expected"), [
    ("episodes/first-light.mp3", "audio/mpeg"),
    ("episodes/first-light.vtt", "text/vtt; charset=utf-8"),
    ("episodes/first-light.chapters.json", "application/json"),
    ("episodes/first-light.txt", "text/plain; charset=utf-8"),
    ("episodes/first-light.jpg", "image/jpeg"),
    ("cover.jpg", "image/jpeg"),
    ("feed.xml", "application/rss+xml; charset=utf-8"),
    ("index.html", "text/html; charset=utf-8"),
    ("first-light/index.html", "text/html; charset=utf-8"),
])
def test_every_kind_of_site_file_has_an_explicit_content_type(key: str, expected: str) -> None:
    assert content_type(key) == expected


def file(key: str, sha256: str = "f" * 64) -> SiteFile:
    return SiteFile(key=key, path=Path("/site") / key, sha256=sha256, size=1)


def test_content_named_episode_files_are_cached_for_a_year_everything_else_briefly() -> None:
    named = [file(f"episodes/first-light-0a1b2c3d{suffix}", "0a1b2c3d" + "e" * 56)
             for suffix in (".mp3", ".vtt", ".chapters.json", ".txt", ".jpg")]
    others = [file(key) for key in (
        "episodes/first-light.mp3", "feed.xml", "index.html", "cover.jpg",
        "first-light/index.html", "episodes/first-light-0a1b2c3d.mp3.part")]
    assert content_named(named + others) == {f.key for f in named}
    assert "immutable" in IMMUTABLE and "max-age=300" in SHORT


def test_a_slug_that_ends_in_hex_digits_is_not_taken_for_a_content_name() -> None:
    # The build names by the MP3's own hash: here the MP3's hash does not match its name.
    files = [file("episodes/notes-20240101.mp3", "9" * 64),
             file("episodes/notes-20240101.vtt", "20240101" + "0" * 56)]
    assert content_named(files) == frozenset()


def test_a_site_file_carries_its_cache_header() -> None:
    assert file("feed.xml").cache_control == SHORT
    assert SiteFile("episodes/a-0a1b2c3d.mp3", Path("/a"), "0a1b2c3d", 1,
                    immutable=True).cache_control == IMMUTABLE


def test_media_and_sidecars_go_first_pages_and_cover_next_the_feed_last() -> None:
    assert phase("episodes/a.mp3") == phase("episodes/a.vtt") == Phase.MEDIA
    assert phase("index.html") == phase("a/index.html") == phase("cover.jpg") == Phase.PAGES
    assert phase("feed.xml") == Phase.FEED
    assert Phase.MEDIA < Phase.PAGES < Phase.FEED


@pytest.mark.parametrize("key", ["../x", "a/../../x", "/etc/passwd", "a//b", "./a", "",
                                 "a\\..\\b", "a\nb", "episodes/.."])
def test_keys_that_could_leave_the_target_are_refused(key: str) -> None:
    assert not is_safe_key(key)


def test_scanning_skips_the_builds_hidden_files_and_needs_a_feed(tmp_path: Path) -> None:
    site = tmp_path / "output"
    (site / "episodes").mkdir(parents=True)
    (site / "episodes" / "a.mp3").write_bytes(b"mp3")
    (site / "episodes" / ".a.mp3.x1.tmp").write_bytes(b"half")
    (site / ".manifest.json").write_text("{}")
    with pytest.raises(UserError, match="feed.xml"):
        scan_site(site)
    (site / "feed.xml").write_text("<rss/>")
    assert [file.key for file in scan_site(site)] == ["episodes/a.mp3", "feed.xml"]


def test_a_symlink_out_of_the_site_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "output"
    site.mkdir()
    (site / "feed.xml").write_text("<rss/>")
    (tmp_path / "secret.txt").write_text("secret")
    (site / "notes.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(UserError, match="would leave"):
        scan_site(site)


def test_every_file_of_a_built_episode_is_immutable_the_rest_short_lived(
    tmp_path: Path,
) -> None:
    """A real build (test engine), one article with a cover of its own: every file the build
    names by content — audio, captions, chapters, transcript, the read-along's timing, the
    cover — is cached for a year; the feed, the pages, the podcast's cover and the pages'
    script, which change under their names, for five minutes."""
    from PIL import Image

    from reader.builder import build_site

    from .conftest import write_article, write_config

    articles = tmp_path / "articles"
    write_article(articles, "walk.md", "A short walk. Then home again.\n", title="A Walk",
                  date="2026-02-07", image="walk.png")
    Image.new("RGB", (1400, 1400), (200, 40, 40)).save(articles / "walk.png", "PNG")
    output = tmp_path / "output"
    summary = build_site(articles, output, write_config(tmp_path, engine="tones"),
                         show_progress=False, report=lambda line: None)
    assert summary.failed == []

    files = {file.key: file for file in scan_site(output)}
    episode = sorted(key for key in files if key.startswith("episodes/"))
    stem = episode[0].removeprefix("episodes/").split(".", 1)[0]
    assert episode == [f"episodes/{stem}{suffix}" for suffix in (
        ".chapters.json", ".jpg", ".mp3", ".sync.json", ".txt", ".vtt")]
    for key in episode:
        assert files[key].cache_control == IMMUTABLE, key
    others = [key for key in files if key not in episode]
    site = {"feed.xml", "index.html", "cover.jpg", "read-along.js", "walk/index.html"}
    assert site <= set(others)
    for key in others:
        assert files[key].cache_control == SHORT, key
