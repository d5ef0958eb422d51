"""Stage 2 — the spoken script: every word that will be spoken, and nothing else."""

from __future__ import annotations

from .models import Article, Script


def make_script(article: Article) -> Script:
    raise NotImplementedError
