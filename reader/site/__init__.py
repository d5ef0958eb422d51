"""Stage 5 — the site: feed.xml, the podcast's index page, a page per article, cover art."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from ..config import Config
from ..errors import ConfigError
from ..fsutil import write_files_atomic
from ..layout import FEED_NAME
from ..models import EpisodeRecord
from .cover import write_cover
from .feed import render_feed
from .guid import podcast_guid
from .pages import render_pages


def write_site(
    output: Path,
    config: Config,
    records: Sequence[EpisodeRecord],
    *,
    pages: Collection[str] | None = None,
) -> None:
    """Write feed.xml, index.html, <slug>/index.html and cover.jpg for `records`.

    `pages`: the slugs whose page to (re)write (their records must carry the body and the
    transcript); None for every page. The feed is renamed into place last.
    Trusts the records (sizes, durations): nothing here reads the audio, so thousands of
    episodes take seconds. The podcast's guid file is created beside reader.toml once.
    """
    podcast = config.podcast
    if podcast is None:
        raise ConfigError(
            "has no [podcast] section; run `reader init` for a starter file",
            path=config.root / "reader.toml",
        )
    output.mkdir(parents=True, exist_ok=True)
    guid = podcast_guid(config.root, podcast.feed_url)
    write_cover(output, podcast)
    files = render_pages(output, podcast, records, pages)
    files[output / FEED_NAME] = render_feed(podcast, records, podcast_guid=guid)
    write_files_atomic(files)
