"""MP3: the episode format podcast apps all play. 44.1 kHz mono constant bitrate from
LAME, ID3v2.3 tags with chapters (id3.py)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Unpack

from mutagen import MutagenError
from mutagen.mp3 import MPEGInfo

from .base import AudioFormat, EpisodeTags, UnreadableAudio
from .id3 import write_id3

# LAME's algorithm (-q 7: no noise shaping). Measured on 28 minutes of limited Piper speech at
# 64k against the PCM, compared with ffmpeg's default (-q 3): the error is lower where speech
# is (SNR 21.3 vs 16.7 dB at 1-4 kHz, 19.0 vs 11.9 dB at 4-8 kHz; worse only above 11 kHz,
# where Piper's 22 kHz voices have nothing, at -67 dB), the MP3 overshoots the PCM's true
# peak by 0.8 dB instead of 2.6 (so the limiter has less to do), and it takes 4.6 s of CPU
# instead of 8.1, which matters because the encode shares the cores with the engine.
LAME_QUALITY = "7"


class Mp3(AudioFormat):
    name = "mp3"
    label = "MP3"
    suffix = ".mp3"
    mime_type = "audio/mpeg"
    container = "mp3"
    # No tags from ffmpeg: write_tags adds the only ones (ID3v2.3), and no ID3v1 at the end.
    container_options: ClassVar[tuple[tuple[str, str], ...]] = (
        ("id3v2_version", "0"),
        ("write_id3v1", "0"),
    )

    def codec_args(self, bitrate: str) -> list[str]:
        return [
            "-c:a", "libmp3lame", "-b:a", bitrate,  # -b:a without -q:a: constant bitrate
            "-compression_level", LAME_QUALITY,
        ]  # fmt: skip

    def duration_ms(self, path: Path) -> int:
        try:
            with open(path, "rb") as handle:
                # The stream header only (the encoder's Xing/Info frame, after the ID3 tag):
                # parsing the tags (cover art, chapters) is not needed for the length, and
                # skipping it keeps `reader check` of 5,000 episodes fast.
                return round(MPEGInfo(handle).length * 1000)
        except MutagenError as exc:
            raise UnreadableAudio(f"{path} is not a readable MP3 ({exc})") from exc

    def write_tags(self, path: Path, **tags: Unpack[EpisodeTags]) -> None:
        write_id3(path, **tags)
