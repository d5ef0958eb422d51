"""Stage 5 — the site: the feeds (feed.xml, and feed-<lang>.xml for each other language),
the podcast's index page, a page per article, cover art."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..fsutil import write_files_atomic
from ..layout import CONFIG_NAME, feed_files

if TYPE_CHECKING:
    from ..config import Config
    from ..models import EpisodeRecord


def write_site(
    output: Path,
    config: Config,
    records: Sequence[EpisodeRecord],
    *,
    pages: Collection[str] | None = None,
) -> None:
    """Write the feeds, index.html, <slug>/index.html and cover.jpg for `records`.

    `pages`: the slugs whose page to (re)write (their records must carry the body and the
    transcript); None for every page. The feed is renamed into place last.
    Trusts the records (sizes, durations): nothing here reads the audio, so thousands of
    episodes take seconds. The podcast's guid file is created beside reader.toml once.
    A feed whose language has no episodes left is removed (after the others are written).
    """
    # Imported here, not above: the stage's small parts (the embed's theme names, which the
    # command line shows at every start) load without the renderers.
    from .cover import write_cover
    from .feeds import split_feeds
    from .guid import podcast_guid
    from .pages import render_pages
    from .rss import render_feed

    podcast = config.podcast
    if podcast is None:
        raise ConfigError(
            "has no [podcast] section; run `reader init` for a starter file",
            path=config.root / CONFIG_NAME,
        )
    output.mkdir(parents=True, exist_ok=True)
    guid = podcast_guid(config.root, podcast.feed_url)
    write_cover(output, podcast)
    feeds = split_feeds(podcast, records, guid)
    files = render_pages(output, podcast, records, pages, feeds=feeds)
    for feed in feeds:
        files[output / feed.file] = render_feed(
            feed.podcast, feed.records, podcast_guid=guid, feed_guid=feed.guid, feed_url=feed.url
        )
    write_files_atomic(files)
    current = {feed.file for feed in feeds}
    for stale in feed_files(output):
        if stale not in current:
            (output / stale).unlink(missing_ok=True)
