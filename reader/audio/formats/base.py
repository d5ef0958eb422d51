"""What an episode's audio format is to the rest of the tool: one object per format.

The encoder asks it for ffmpeg's codec and container arguments, the episode stage for the
duration and the tags, the feed and `reader serve` for the MIME type, `reader check` for
the duration again, the build for the file suffix. A new format is one module with one
subclass and one line in the registry (this package's __init__).
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar, NotRequired, TypedDict, Unpack

from ...models import Chapter


class UnreadableAudio(Exception):
    """A file that is not readable audio of the format its name says."""


class EpisodeTags(TypedDict):
    """What an episode's tags say (keyword arguments of write_tags and retag_episode)."""

    title: str
    artist: str | None
    album: str | None
    date: dt.date
    lang: str | None
    cover: Path | None
    chapters: tuple[Chapter, ...]
    keywords: NotRequired[tuple[str, ...]]  # front matter tags and categories


class AudioFormat(ABC):
    name: ClassVar[str]  # the registry's key
    label: ClassVar[str]  # as pages name it: "Download the episode (MP3)"
    suffix: ClassVar[str]  # of the episode file
    mime_type: ClassVar[str]  # the feed's enclosure type and the served Content-Type
    container: ClassVar[str]  # ffmpeg's name for it, as muxer (-f) and demuxer
    # ffmpeg's options for the container, as (option, value): "-option value" on a plain
    # output, "option=value" inside the tee muxer's brackets.
    container_options: ClassVar[tuple[tuple[str, str], ...]] = ()

    def for_engine(self, engine: str) -> AudioFormat:
        """This format with the codec settings measured best for `engine`'s voice (the
        clarity benchmark); the same object where no engine differs."""
        return self

    @abstractmethod
    def codec_args(self, bitrate: str) -> list[str]:
        """ffmpeg's arguments choosing the codec and its settings for a `bitrate` ("64k")."""

    def output_args(self, bitrate: str, target: Path | str) -> list[str | Path]:
        """Everything after ffmpeg's input and filters that writes `target` in this format."""
        options = [arg for key, value in self.container_options for arg in (f"-{key}", value)]
        return [*self.codec_args(bitrate), *options, "-f", self.container, target]

    def tee_output(self, target: str) -> str:
        """One output of ffmpeg's tee muxer in this format: "[f=...:option=value]target"."""
        options = (("f", self.container), *self.container_options)
        return "[" + ":".join(f"{key}={value}" for key, value in options) + f"]{target}"

    @abstractmethod
    def duration_ms(self, path: Path) -> int:
        """The duration players see. Raises UnreadableAudio (or OSError)."""

    @abstractmethod
    def write_tags(self, path: Path, **tags: Unpack[EpisodeTags]) -> None:
        """Replace the file's tags (title, artist, cover, chapters, ...) in place."""
