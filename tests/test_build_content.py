"""`reader build` on a Hugo content folder read in place (real Piper and ffmpeg)."""

from __future__ import annotations

import email.utils
from pathlib import Path

import feedparser
from mutagen.id3 import ID3

from reader.builder import build_site
from reader.site.check import check_site

from .conftest import episode_file, write_config

HUGO = Path(__file__).parent / "fixtures" / "sites" / "hugo" / "content"


def test_a_hugo_content_folder_builds_a_site_that_checks_clean(tmp_path: Path) -> None:
    output = tmp_path / "output"
    config = write_config(tmp_path)
    summary = build_site(HUGO, output, config, show_progress=False)

    assert summary.failed == []
    assert sorted(summary.built) == [
        "posts/Quiet Mornings.md",
        "posts/json-post.md",
        "posts/my-trip/index.md",
    ]
    # Scheduled for 2099, expired in 2001, and `draft = true`: found, not published.
    assert sorted(summary.drafts) == ["posts/draft-idea.md", "posts/later.md", "posts/old-news.md"]
    assert check_site(output) == []

    feed = feedparser.parse((output / "feed.xml").read_bytes())
    by_slug = {entry.link.rstrip("/").rsplit("/", 1)[1]: entry for entry in feed.entries}
    assert sorted(by_slug) == ["json-front-matter", "my-trip", "quiet-mornings"]
    trip = by_slug["my-trip"]
    # pubDate keeps the article's time in its own zone.
    assert trip.published == "Sun, 02 Nov 2025 08:30:00 +0100"
    assert email.utils.parsedate_to_datetime(trip.published).utcoffset().total_seconds() == 3600
    # Keywords as RSS <category> and as itunes:keywords (feedparser files both as tags).
    categories = [tag.term for tag in trip.tags if not tag.scheme]
    itunes = [tag.term for tag in trip.tags if tag.scheme == "http://www.itunes.com/"]
    assert categories == itunes == ["travel", "trains", "Journeys"]
    assert feed.entries[0].link.endswith("/my-trip/")  # newest first, by moment

    tags = ID3(episode_file(output, "my-trip"))
    assert tags["TKWD"].text == ["travel,trains,Journeys"]
    assert str(tags["TDRC"].text[0]) == "2025-11-02"

    again = build_site(HUGO, output, config, show_progress=False)
    assert again.built == [] and len(again.unchanged) == 3


def test_an_unchanged_article_is_looked_at_again_when_its_schedule_comes() -> None:
    import datetime as dt

    from reader.builder.manifest import Entry

    start = "2099-01-01T00:00:00+00:00"
    waiting = Entry("later.md", "sha", "fp", "later", None, schedule=(start, None))
    assert not waiting.schedule_changes(dt.datetime(2098, 12, 31, tzinfo=dt.UTC))
    assert waiting.schedule_changes(dt.datetime(2099, 1, 1, tzinfo=dt.UTC))


def test_jekyll_drafts_are_found_and_never_published(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_drafts").mkdir()
    (site / "_drafts" / "unfinished.md").write_text("---\ntitle: Unfinished\n---\nNot yet.\n")
    (site / "about.md").write_text("---\ntitle: About\n---\nA page, not a post.\n")
    summary = build_site(site, tmp_path / "output", write_config(tmp_path), show_progress=False)
    assert (summary.built, summary.drafts, summary.failed) == ([], ["_drafts/unfinished.md"], [])


def test_build_without_a_folder_reads_the_configs_articles_folder(tmp_path: Path) -> None:
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    (posts / "idea.md").write_text("---\ndraft: true\n---\n# Idea\n\nSoon.\n")
    config = write_config(tmp_path, extra='\n[articles]\nfolder = "content/posts"\n')
    summary = build_site(None, tmp_path / "output", config, show_progress=False)
    assert summary.drafts == ["idea.md"]
