"""Which article a request was for: any content name an episode has had, its page and its
embed data under the site's address, and nothing of the blog's own pages."""

from __future__ import annotations

import pytest

from reader.stats.site import EMBED, EPISODE, PAGE, Episode, SiteIndex

INDEX = SiteIndex({slug: Episode(slug, slug, 1_000_000, 0, 120_000)
                   for slug in ("walk", "notes-20240101")}, "/listen/")


@pytest.mark.parametrize(("path", "expected"), [
    ("/listen/episodes/walk-89abcdef.mp3", (EPISODE, "walk")),
    ("/listen/episodes/walk-0123abcd.mp3", (EPISODE, "walk")),  # a name it had before
    ("/cdn/episodes/walk-0123abcd.mp3", (EPISODE, "walk")),  # served from elsewhere
    ("/listen/episodes/notes-20240101-0123abcd.mp3", (EPISODE, "notes-20240101")),
    ("/listen/episodes/walk-0123abcd.vtt", None),  # a sidecar is not a download
    ("/listen/episodes/walk.mp3", None),  # not a content name
    ("/listen/episodes/run-0123abcd.mp3", None),  # not an article of this site
    ("/listen/walk/", (PAGE, "walk")),
    ("/listen/walk/index.html", (PAGE, "walk")),
    ("/listen/walk/episode.js", (EMBED, "walk")),
    ("/walk/", None),  # the blog's own page of the same name
    ("/listen/feed.xml", None),
])
def test_requests_are_matched_to_articles(path: str, expected: tuple[str, str] | None) -> None:
    assert INDEX.match(path) == expected
