"""`reader check`: validate a built site against the feed rules in design.md."""

from __future__ import annotations

from pathlib import Path


def check_site(output: Path) -> list[str]:
    """Return one human-readable line per problem; empty when the site is fine."""
    raise NotImplementedError
