"""Stage 1 — load and clean: an article file (.md, .txt, .html) becomes an Article."""

from __future__ import annotations

from pathlib import Path

from .models import Article


def load_article(path: Path) -> Article:
    """Read one article file. Raises ArticleError naming the file for anything unusable."""
    raise NotImplementedError
