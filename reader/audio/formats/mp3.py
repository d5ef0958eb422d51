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
# Per engine where the clarity benchmark (benchmarks/clarity.py, pocketsphinx WER on three
# ~200-word articles) hears a difference. Kokoro's 24 kHz voice loses 4-5 points through -q 7:
# the same limited 44.1 kHz PCM was heard at 16.4 % as a WAV, 16.9 % as a -q 3 MP3 and
# 20.4 % as a -q 7 MP3; Kokoro's episodes went from 5.0 points above raw kokoro-onnx to 0.6
# below. Piper's were heard the same either way (28.2 % at -q 3, 28.3 % at -q 7), so Piper
# keeps -q 7 and its half of the CPU.
LAME_QUALITY_BY_ENGINE = {"kokoro": "3"}


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

    def __init__(self, quality: str = LAME_QUALITY) -> None:
        self.quality = quality

    def for_engine(self, engine: str) -> Mp3:
        return Mp3(LAME_QUALITY_BY_ENGINE.get(engine, LAME_QUALITY))

    def codec_args(self, bitrate: str) -> list[str]:
        return [
            "-c:a", "libmp3lame", "-b:a", bitrate,  # -b:a without -q:a: constant bitrate
            "-compression_level", self.quality,
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
