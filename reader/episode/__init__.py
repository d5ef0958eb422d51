"""Stage 4 — the episode: clips assembled once, loudness, MP3, ID3 tags, sidecar files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..models import AudioSettings, Episode, Script

# progress(done, cached, total): pieces finished so far, how many of them came from the cache.
Progress = Callable[[int, int, int], None]


def make_episode(
    script: Script,
    mp3_path: Path,
    settings: AudioSettings,
    *,
    album: str | None = None,
    cover: Path | None = None,
    lexicon_path: Path | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
) -> Episode:
    """Speak `script` and write `mp3_path` plus .vtt, .chapters.json and .txt beside it."""
    raise NotImplementedError
