"""`reader build`: the whole articles folder -> episodes, feed and pages, incrementally."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BuildSummary:
    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def build_site(
    articles: Path,
    output: Path,
    config_path: Path,
    *,
    engine: str | None = None,
    voice: str | None = None,
) -> BuildSummary:
    raise NotImplementedError
