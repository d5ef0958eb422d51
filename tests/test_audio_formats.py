"""The audio format registry: one object per episode format says everything the encoder,
the tags, the feed, `reader check` and `reader serve` need to know about it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode

from reader.audio.ffmpeg import run_ffmpeg
from reader.audio.formats import (
    BY_SUFFIX,
    DEFAULT_FORMAT,
    FORMATS,
    UnreadableAudio,
    episode_format,
    format_of,
)
from reader.layout import EpisodeFiles
from reader.models import Chapter


def test_every_format_has_its_own_name_suffix_and_mime_type() -> None:
    assert DEFAULT_FORMAT is FORMATS["mp3"]
    for name, audio_format in FORMATS.items():
        assert audio_format.name == name and audio_format.suffix.startswith(".")
        assert audio_format.mime_type.startswith("audio/")
    assert len({f.suffix for f in FORMATS.values()}) == len(BY_SUFFIX) == len(FORMATS)


def test_a_file_s_format_is_known_by_its_suffix() -> None:
    assert format_of("episodes/deep-friendships.mp3") is FORMATS["mp3"]
    assert format_of("EPISODE.MP3") is FORMATS["mp3"]
    assert format_of("episodes/deep-friendships.vtt") is None
    with pytest.raises(ValueError, match="not an episode file"):
        episode_format("notes.txt")


@pytest.fixture(scope="module")
def encoded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three seconds of tone encoded with the default format's own ffmpeg arguments."""
    target = tmp_path_factory.mktemp("formats") / f"tone{DEFAULT_FORMAT.suffix}"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=3", "-ar", "44100", "-ac",
                "1", *DEFAULT_FORMAT.output_args("64k", target)])  # fmt: skip
    return target


def test_mp3_output_arguments_make_a_constant_bitrate_file_without_tags(encoded: Path) -> None:
    info = MP3(encoded).info
    assert info.bitrate_mode == BitrateMode.CBR and abs(info.bitrate - 64000) < 100
    assert MP3(encoded).tags is None  # write_tags adds the only tags
    assert abs(DEFAULT_FORMAT.duration_ms(encoded) - 3000) <= 60


def test_tags_written_through_the_format_are_read_back(encoded: Path, tmp_path: Path) -> None:
    tagged = tmp_path / encoded.name
    tagged.write_bytes(encoded.read_bytes())
    DEFAULT_FORMAT.write_tags(
        tagged, title="Tone", artist="Ada", album="Tests", date=dt.date(2026, 1, 2), lang="en",
        cover=None, chapters=(Chapter("All of it", 0, 3000),),
    )  # fmt: skip
    tags = ID3(tagged)
    assert str(tags["TIT2"]) == "Tone" and tags.version == (2, 3, 0)
    assert [str(chap.sub_frames["TIT2"]) for chap in tags.getall("CHAP")] == ["All of it"]
    assert DEFAULT_FORMAT.duration_ms(tagged) == DEFAULT_FORMAT.duration_ms(encoded)


def test_a_file_that_is_not_audio_is_reported_not_raised_raw(tmp_path: Path) -> None:
    fake = tmp_path / "fake.mp3"
    fake.write_text("not audio at all", "utf-8")
    with pytest.raises(UnreadableAudio, match="fake.mp3 is not a readable MP3"):
        DEFAULT_FORMAT.duration_ms(fake)


def test_an_episode_s_files_are_named_from_its_audio_file() -> None:
    files = EpisodeFiles("episodes/deep-friendships-1a2b3c4d.mp3")
    assert files.sidecars == (
        "episodes/deep-friendships-1a2b3c4d.vtt",
        "episodes/deep-friendships-1a2b3c4d.chapters.json",
        "episodes/deep-friendships-1a2b3c4d.txt",
    )
    assert files.cover == "episodes/deep-friendships-1a2b3c4d.jpg"
    assert files.sync == "episodes/deep-friendships-1a2b3c4d.sync.json"  # the read-along's
    assert files.all()[0] == files.audio and len(files.all()) == 6


def test_reader_serve_answers_with_each_format_s_mime_type() -> None:
    code = "from reader.serve import CONTENT_TYPES; print(CONTENT_TYPES[%r])"
    for audio_format in FORMATS.values():
        result = subprocess.run([sys.executable, "-c", code % audio_format.suffix],
                                capture_output=True, text=True, check=True)  # fmt: skip
        assert result.stdout.strip() == audio_format.mime_type
