"""What every phase of a build is given besides its own input, and what a build returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..config import Config, PodcastConfig
from ..progress import Report
from .plan import BuildSettings


@dataclass(frozen=True)
class BuildContext:
    """What the executor needs besides the plan."""

    config: Config
    podcast: PodcastConfig
    articles: Path
    output: Path
    settings: BuildSettings
    engine: str | None
    voice: str | None
    show_progress: bool
    report: Report

    def fail(self, source: str, reason: str) -> str:
        """Report one failed article in one line that names it; returns the line."""
        path = self.articles / source
        line = reason if reason.startswith(f"{path}:") else f"{path}: {reason}"
        self.report(f"error: {line}")
        return line


@dataclass(frozen=True)
class BuildSummary:
    """What a build did, article by article (sources relative to the articles folder)."""

    built: list[str]
    unchanged: list[str]
    failed: list[str]  # one message per failed article
    drafts: list[str]
    removed: list[str]  # slugs no longer published
    site_written: bool = False
    synthesized: int = 0  # pieces the engine spoke in this build (the rest came from the cache)
    # Slugs left out of the feed awaiting approval ([publish] require_approval); an article
    # changed since its approval keeps its approved episode published.
    held: list[str] = field(default_factory=list)

    def line(self) -> str:
        parts = [f"built {len(self.built)}", f"unchanged {len(self.unchanged)}"]
        if self.drafts:
            parts.append(f"drafts {len(self.drafts)}")
        if self.removed:
            parts.append(f"removed {len(self.removed)}")
        if self.held:
            parts.append(f"awaiting approval {len(self.held)} ({', '.join(self.held)})")
        parts.append(f"failed {len(self.failed)}")
        return ", ".join(parts) + f" ({self.synthesized} pieces synthesised)"
