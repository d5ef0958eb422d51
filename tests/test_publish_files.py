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
