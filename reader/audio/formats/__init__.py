"""The audio format registry: name -> format. Adding one is one module (a subclass of
base.AudioFormat) and one line here.

Episodes are MP3 today (DEFAULT_FORMAT); a file's format is known by its suffix.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from .base import AudioFormat, EpisodeTags, UnreadableAudio
from .mp3 import Mp3

FORMATS: dict[str, AudioFormat] = {
    "mp3": Mp3(),
}
DEFAULT_FORMAT = FORMATS["mp3"]
BY_SUFFIX = {audio_format.suffix: audio_format for audio_format in FORMATS.values()}


def format_of(path: str | PurePosixPath) -> AudioFormat | None:
    """The format of an episode file by its name's suffix; None when it is none of ours."""
    return BY_SUFFIX.get(PurePosixPath(path).suffix.lower())


def episode_format(path: str | PurePosixPath) -> AudioFormat:
    """The format of an episode file the build wrote (so one of ours)."""
    audio_format = format_of(path)
    if audio_format is None:
        raise ValueError(f"{path}: not an episode file (known: {', '.join(BY_SUFFIX)})")
    return audio_format


__all__ = ["BY_SUFFIX", "DEFAULT_FORMAT", "FORMATS", "AudioFormat", "EpisodeTags",
           "UnreadableAudio", "episode_format", "format_of"]
