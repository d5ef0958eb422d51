"""Helpers for the site tests: real small MP3s with their sidecar files, and EpisodeRecords
that describe them exactly as the build stage would."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import imageio_ffmpeg
from mutagen.mp3 import MP3

from reader.config import Config, load_config
from reader.episode.sidecars import chapters_json, sync_json, vtt
from reader.models import Chapter, Cue, EpisodeRecord

SITE_TOML = """\
[podcast]
title = "Listening Post"
description = "Articles from the Listening Post blog, read aloud."
author = "Ada Writer"
email = "ada@example.com"
base_url = "{base_url}"
language = "{language}"
category = "Health & Fitness/Mental Health"
explicit = false
"""


def make_mp3(path: Path, *, seconds: float = 2.0, frequency: int = 440) -> Path:
    """A real constant-bitrate MP3 of a sine tone, encoded by ffmpeg."""
    path.parent.mkdir(parents=True, exist_ok=True)
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"sine=frequency={frequency}:duration={seconds}",
        "-ar", "44100", "-ac", "1", "-b:a", "64k", "-codec:a", "libmp3lame", str(path),
    ]
    subprocess.run(command, check=True)
    return path


@functools.cache
def shared_mp3(seconds: float = 2.0, frequency: int = 440) -> Path:
    """One encoded tone per process; tests copy or hard-link it."""
    folder = Path(tempfile.mkdtemp(prefix="site-mp3-"))
    return make_mp3(folder / f"tone-{seconds}-{frequency}.mp3", seconds=seconds,
                    frequency=frequency)


def site_config(root: Path, *, base_url: str = "https://example.com/listen/",
                extra: str = "", language: str = "en") -> Config:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "reader.toml"
    path.write_text(SITE_TOML.format(base_url=base_url, language=language) + extra,
                    encoding="utf-8")
    return load_config(path)


def add_episode(
    output: Path,
    slug: str,
    *,
    title: str | None = None,
    date: str = "2024-03-01",
    seconds: float = 2.0,
    frequency: int = 440,
    body_html: str = "<p>The written article.</p>",
    transcript: str = "The spoken words.\n\nA second paragraph.",
    description: str = "What this episode is about.",
    explicit: bool | None = None,
    link: bool = False,
) -> EpisodeRecord:
    """episodes/<slug>.mp3 + .vtt + .chapters.json + .txt + .sync.json in `output`, and
    their record."""
    episodes = output / "episodes"
    episodes.mkdir(parents=True, exist_ok=True)
    mp3 = episodes / f"{slug}.mp3"
    source = shared_mp3(seconds, frequency)
    if link:
        os.link(source, mp3)
    else:
        shutil.copyfile(source, mp3)
    duration_ms = round(MP3(mp3).info.length * 1000)
    half = duration_ms // 2
    chapters = (Chapter("Opening", 0, half), Chapter("Second thoughts", half, duration_ms))
    cues = (Cue(0, half, "The spoken words."), Cue(half, duration_ms, "A second paragraph."))
    (episodes / f"{slug}.vtt").write_text(vtt(cues), encoding="utf-8")
    (episodes / f"{slug}.chapters.json").write_text(chapters_json(chapters), encoding="utf-8")
    (episodes / f"{slug}.txt").write_text(transcript, encoding="utf-8")
    (episodes / f"{slug}.sync.json").write_text(sync_json(cues), encoding="utf-8")
    return EpisodeRecord(
        slug=slug,
        title=title or slug.replace("-", " ").title(),
        date=date,
        description=description,
        author="Ada Writer",
        lang="en",
        explicit=explicit,
        audio_file=f"episodes/{slug}.mp3",
        size_bytes=mp3.stat().st_size,
        duration_ms=duration_ms,
        chapters=chapters,
        body_html=body_html,
        transcript=transcript,
    )


def three_episodes(output: Path) -> list[EpisodeRecord]:
    return [
        add_episode(output, "first-light", date="2024-01-05", seconds=2.0),
        add_episode(output, "deep-friendships", date="2024-02-10", seconds=3.0,
                    frequency=330, explicit=True),
        add_episode(output, "quiet-hours", date="2024-02-10", seconds=2.0, frequency=550),
    ]


def slugs(records: Sequence[EpisodeRecord]) -> list[str]:
    return [record.slug for record in records]
