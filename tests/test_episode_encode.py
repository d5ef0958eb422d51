"""Loudness: two passes, linear gain when the peaks allow it, gain plus a true-peak limiter
when they do not; always checked on the MP3 itself with ebur128."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from reader.audio.ffmpeg import run_ffmpeg
from reader.audio.loudness import measure
from reader.episode.encode import encode_in_two_passes
from tests.conftest import REPO


def _wav(path: Path, source: str) -> Path:
    run_ffmpeg(["-f", "lavfi", "-i", source, "-ac", "1", "-ar", "22050", path])
    return path


def test_a_quiet_signal_with_headroom_gets_one_linear_gain(tmp_path: Path) -> None:
    wav = _wav(tmp_path / "quiet.wav", "sine=frequency=300:duration=6,volume=-30dB")
    report = encode_in_two_passes(
        wav, tmp_path / "q.mp3", bitrate="64k", target_lufs=-16.0, target_tp=-1.0
    )
    assert report.method == "linear"
    measured = measure(tmp_path / "q.mp3")
    assert abs(measured.integrated_lufs + 16.0) <= 0.5
    assert measured.true_peak_dbtp <= -1.0


def test_peaks_that_would_clip_are_limited_not_ridden(tmp_path: Path) -> None:
    # Quiet tone with loud clicks: the gain to -16 LUFS would push the clicks far over 0 dBFS.
    source = "aevalsrc=0.05*sin(2*PI*300*t)+0.9*lt(mod(t\\,1)\\,0.002):s=22050:d=8"
    wav = _wav(tmp_path / "peaky.wav", source)
    before = measure(wav)
    assert before.true_peak_dbtp + (-16.0 - before.integrated_lufs) > 0
    report = encode_in_two_passes(
        wav, tmp_path / "p.mp3", bitrate="64k", target_lufs=-16.0, target_tp=-1.0
    )
    assert report.method == "gain+limiter"
    measured = measure(tmp_path / "p.mp3")
    assert -17.0 <= measured.integrated_lufs <= -15.0
    assert measured.true_peak_dbtp <= -1.0


@pytest.mark.parametrize("bitrate", ["48k", "96k"])
def test_the_bitrate_is_configurable(tmp_path: Path, bitrate: str) -> None:
    from mutagen.mp3 import MP3, BitrateMode

    wav = _wav(tmp_path / "t.wav", "sine=frequency=300:duration=2,volume=-30dB")
    encode_in_two_passes(wav, tmp_path / "t.mp3", bitrate=bitrate, target_lufs=-16.0,
                         target_tp=-1.0)
    info = MP3(tmp_path / "t.mp3").info
    assert info is not None and info.bitrate_mode == BitrateMode.CBR
    assert abs(info.bitrate - int(bitrate[:-1]) * 1000) < 100  # mutagen's estimate
    assert info.sample_rate == 44100 and info.channels == 1


def test_the_speech_page_states_the_encoders_numbers_in_force() -> None:
    """One fact in one place: the numbers live in the code; docs/speech.md must not drift."""
    from reader import episode
    from reader.audio.formats import mp3
    from reader.config import AudioSettings
    from reader.episode import encode

    page = (REPO / "docs" / "speech.md").read_text("utf-8")
    start = page.index("## Assembly and encoding\n\n") + len("## Assembly and encoding\n\n")
    end = page.find("\n\n", start)
    paragraph = " ".join(page[start : end if end >= 0 else None].split())
    defaults = AudioSettings()
    stated = [
        f"{encode.OUTPUT_RATE / 1000:g} kHz mono CBR",
        f"{defaults.loudness_lufs:g} LUFS integrated with true peak ≤ {defaults.true_peak_dbtp:g}",
        f"{inspect.signature(encode.limiter_chain).parameters['oversample'].default}x-oversampled",
        f"quality setting {mp3.LAME_QUALITY}",
        f"ceiling starts {encode.MP3_PEAK_MARGIN_DB:g} dB under the target",
        f"plus {encode._PEAK_SAFETY_DB:g} dB",
        f"never under {encode._MIN_PEAK_MARGIN_DB:g} dB",
        f"at most {encode._MARGIN_DECAY_DB:g} dB an episode",
        f"within {encode._ACCEPT_LU:g} LU",
        f"misses by at most {episode._SECOND_TRY_WITHIN_LU:g} LU",
        f"{encode._MP3_LOSS_LU:g} LU above the target",
    ]
    assert [phrase for phrase in stated if phrase not in paragraph] == []
