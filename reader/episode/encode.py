"""Assembled WAV -> podcast MP3 at a measured loudness.

Two passes, as podcast loudness is meant to be set:
1. measure the whole episode with ffmpeg's loudnorm (print_format=json);
2. apply one fixed gain. When that gain would push the true peak over the ceiling, ffmpeg's
   loudnorm silently falls back to "dynamic" mode (gain riding that changes the voice's
   dynamics), so we check its report: in that case, or whenever the peak would not fit, the
   gain is applied with `volume` and the peaks are caught by a lookahead limiter running at
   4x the sample rate (an oversampled limiter is a true-peak limiter).
Then the MP3 itself is measured with ebur128 (what podcast checkers use) and, if it missed the
target, corrected once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .ffmpeg import last_json_object, measure_loudness, run_ffmpeg

log = logging.getLogger(__name__)

OUTPUT_RATE = 44100
# Speech's loudness range is wide; loudnorm only stays linear when measured LRA <= target LRA.
_LRA_TARGET = 50.0
# The limiter works on the PCM; MP3 encoding adds a little overshoot, so aim below the ceiling.
_LIMITER_MARGIN_DB = 0.5
_TOLERANCE_LU = 0.3
# Limiting takes loudness with the peaks, so the gain is corrected from the MP3's measurement.
_MAX_CORRECTIONS = 3


@dataclass(frozen=True)
class LoudnessReport:
    method: str  # "linear" (loudnorm linear=true) or "gain+limiter"
    integrated_lufs: float
    true_peak_dbtp: float


def measure_for_loudnorm(wav: Path, target_lufs: float, target_tp: float) -> dict[str, float]:
    """Pass 1: loudnorm's own measurement of the input (input_i, input_tp, ...)."""
    result = run_ffmpeg(
        [
            "-i",
            wav,
            "-af",
            f"loudnorm=I={target_lufs}:TP={target_tp}:LRA={_LRA_TARGET}:print_format=json",
            "-f",
            "null",
            "-",
        ]
    )
    data = last_json_object(result.stderr.decode("utf-8", "replace"))
    return {
        key: float(value) for key, value in data.items() if key.startswith(("input_", "target_"))
    }


def _mp3_args(bitrate: str, target: Path) -> list[str | Path]:
    return [
        "-ar",
        str(OUTPUT_RATE),
        "-ac",
        "1",
        "-c:a",
        "libmp3lame",
        "-b:a",
        bitrate,  # -b:a without -q:a: constant bitrate
        "-map_metadata",
        "-1",
        "-id3v2_version",
        "3",
        "-write_id3v1",
        "0",
        "-f",
        "mp3",
        target,
    ]


def _encode_linear(
    wav: Path,
    mp3: Path,
    measured: dict[str, float],
    target_lufs: float,
    target_tp: float,
    bitrate: str,
) -> bool:
    """Pass 2 with loudnorm linear=true; False when ffmpeg fell back to dynamic mode."""
    loudnorm = (
        f"loudnorm=I={target_lufs}:TP={target_tp}:LRA={_LRA_TARGET}"
        f":measured_I={measured['input_i']}:measured_TP={measured['input_tp']}"
        f":measured_LRA={measured['input_lra']}:measured_thresh={measured['input_thresh']}"
        f":offset={measured['target_offset']}:linear=true:print_format=json"
    )
    result = run_ffmpeg(["-i", wav, "-af", loudnorm, *_mp3_args(bitrate, mp3)])
    report = last_json_object(result.stderr.decode("utf-8", "replace"))
    return str(report.get("normalization_type", "")).lower() == "linear"


def _encode_gain_limited(
    wav: Path, mp3: Path, gain_db: float, target_tp: float, bitrate: str
) -> None:
    ceiling = 10 ** ((target_tp - _LIMITER_MARGIN_DB) / 20)
    chain = ",".join(
        [
            f"volume={gain_db:.3f}dB",
            f"aresample={OUTPUT_RATE * 4}",
            # level=false: no make-up gain; latency=true: no shift, so cue times stay exact.
            f"alimiter=limit={ceiling:.5f}:level=false:latency=true:attack=2:release=60",
            f"aresample={OUTPUT_RATE}",
        ]
    )
    run_ffmpeg(["-i", wav, "-af", chain, *_mp3_args(bitrate, mp3)])


def encode_episode(
    wav: Path, mp3: Path, *, bitrate: str, target_lufs: float, target_tp: float
) -> LoudnessReport:
    """Write `mp3` (44.1 kHz mono CBR) from `wav` at `target_lufs` with peaks <= `target_tp`."""
    measured = measure_for_loudnorm(wav, target_lufs, target_tp)
    gain = target_lufs - measured["input_i"]
    method = "linear"
    if measured["input_tp"] + gain > target_tp - _LIMITER_MARGIN_DB or not _encode_linear(
        wav, mp3, measured, target_lufs, target_tp - _LIMITER_MARGIN_DB, bitrate
    ):
        method = "gain+limiter"
        _encode_gain_limited(wav, mp3, gain, target_tp, bitrate)
    integrated, peak = measure_loudness(mp3)
    # Each dB of gain into the limiter adds less than a dB of loudness; the secant slope
    # between the last two tries says how much less, so a couple of corrections suffice.
    slope = 1.0
    for _ in range(_MAX_CORRECTIONS):
        if abs(integrated - target_lufs) <= _TOLERANCE_LU and peak <= target_tp:
            break
        step = (target_lufs - integrated) / slope
        previous = integrated
        gain += step
        method = "gain+limiter"
        _encode_gain_limited(wav, mp3, gain, target_tp, bitrate)
        integrated, peak = measure_loudness(mp3)
        slope = min(1.0, max(0.2, (integrated - previous) / step)) if step else 1.0
        log.debug(
            "loudness correction: gain %.2f dB -> %.2f LUFS, %.2f dBTP", gain, integrated, peak
        )
    if abs(integrated - target_lufs) > 1.0 or peak > target_tp:
        log.warning(
            "%s: loudness %.1f LUFS, true peak %.1f dBTP (target %.1f / %.1f)",
            mp3,
            integrated,
            peak,
            target_lufs,
            target_tp,
        )
    return LoudnessReport(method=method, integrated_lufs=integrated, true_peak_dbtp=peak)
