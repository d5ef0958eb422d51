"""Stage 5 — the site: feed.xml, the podcast's index page, a page per article, cover art."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..config import Config
from ..models import EpisodeRecord


def write_site(output: Path, config: Config, records: Sequence[EpisodeRecord]) -> None:
    """Write feed.xml, index.html, <slug>/index.html and cover.jpg for `records`."""
    raise NotImplementedError
