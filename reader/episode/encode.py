"""Assembled WAV -> podcast MP3 at a measured loudness.

Two passes, as podcast loudness is meant to be set:
1. measure the whole episode (ffmpeg's ebur128: integrated loudness, true peak, LRA);
2. apply one fixed gain.
   - When that gain leaves the true peak under the ceiling, ffmpeg's loudnorm does it with
     linear=true and the pass-1 measurements. loudnorm silently falls back to "dynamic"
     mode (gain riding that changes the voice's dynamics) when it decides linear cannot
     work, so its report is checked, and a fallback is treated like the case below.
   - Otherwise (usual for TTS: Piper's speech has a high peak-to-loudness ratio) the gain
     is applied with `volume` and the peaks are caught by a lookahead limiter running at
     twice the sample rate (oversampling is what makes a sample limiter catch true peaks).
     Limiting takes some loudness with the peaks, so the gain is corrected from a fast
     loudness measurement of the limited PCM (secant steps) before the one MP3 encode.
Finally the MP3 itself is measured with ebur128, the meter podcast checkers use; when the
encode moved it off target (MP3 encoding at low bitrates costs a few tenths of a LU and can
overshoot peaks), the limiter stage is redone once with the difference.

The limiter chain, the peak margin it learns and what counts as on target are shared with
the encoder that runs while the episode is spoken (reader.episode.stream_encode).
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..audio.ffmpeg import last_json_object, run_ffmpeg
from ..audio.formats import DEFAULT_FORMAT, AudioFormat
from ..audio.loudness import Loudness, measure

log = logging.getLogger(__name__)

OUTPUT_RATE = 44100
_LRA_TARGET = 50.0  # loudnorm stays linear only when measured LRA <= target LRA: allow speech's
# How far under the true-peak target the limiter's ceiling sits, for the MP3 encode's sake.
# The overshoot is a maximum over the episode, so longer episodes tend to need more; each
# episode's measured overshoot is remembered for the next (see StreamingEncoder.report).
MP3_PEAK_MARGIN_DB = 2.0
_MIN_PEAK_MARGIN_DB = 1.5
_PEAK_SAFETY_DB = 0.4  # learned margin = measured overshoot + this
_MARGIN_DECAY_DB = 0.25  # a short episode lowers the remembered margin only slowly
_AIM_LU = 0.15  # how close the limited PCM must get before encoding
_ACCEPT_LU = 0.5  # how close the MP3 must be, or the limiter stage is redone once
_MAX_STEPS = 4
# Measured on Piper's joe voice near -16 LUFS with the limiter 2 dB under the peak target:
# each dB of gain adds 0.35-0.4 LU (the limiter takes the rest). Only the first correction's
# size depends on it; later ones use the measured slope.
FIRST_SLOPE = 0.4
# A 64 kbit/s MP3 measures ~0.3-0.4 LU quieter than its PCM (the encoder's low-pass).
_MP3_LOSS_LU = 0.3


@dataclass(frozen=True)
class LoudnessReport:
    method: str  # "linear" (loudnorm linear=true), "gain+limiter", "streamed", "streamed again"
    integrated_lufs: float
    true_peak_dbtp: float
    gain_db: float = 0.0  # the gain that put this episode on target
    peak_margin_db: float = MP3_PEAK_MARGIN_DB  # the limiter ceiling's margin to use next time


# Every episode's PCM shape, whatever its format; the format adds codec and container.
EPISODE_PCM = ["-ar", str(OUTPUT_RATE), "-ac", "1", "-map_metadata", "-1"]


def _output_args(audio_format: AudioFormat, bitrate: str, target: Path) -> list[str | Path]:
    return [*EPISODE_PCM, *audio_format.output_args(bitrate, target)]


def _encode_linear(
    wav: Path, mp3: Path, measured: Loudness, target_lufs: float, target_tp: float, bitrate: str,
    audio_format: AudioFormat,
) -> bool:
    """Pass 2 with loudnorm linear=true; False when ffmpeg fell back to dynamic mode."""
    loudnorm = (
        f"loudnorm=I={target_lufs}:TP={target_tp}:LRA={_LRA_TARGET}"
        f":measured_I={measured.integrated_lufs}:measured_TP={measured.true_peak_dbtp}"
        f":measured_LRA={max(measured.lra, 0.1)}:measured_thresh={measured.threshold}"
        f":linear=true:print_format=json"
    )
    result = run_ffmpeg(["-i", wav, "-af", loudnorm, *_output_args(audio_format, bitrate, mp3)])
    report = last_json_object(result.stderr.decode("utf-8", "replace"))
    linear = str(report.get("normalization_type", "")).lower() == "linear"
    if not linear:
        log.debug("loudnorm fell back to %s mode", report.get("normalization_type"))
    return linear


def limiter_chain(
    gain_db: float, ceiling_dbtp: float, oversample: int = 2, rate: int = OUTPUT_RATE
) -> str:
    """Gain, then the true-peak limiter at `oversample` times `rate`, then `rate` (the
    clarity benchmark limits at the engine's own rate to tell the limiter from the
    resampling)."""
    ceiling = 10 ** (ceiling_dbtp / 20)
    # Half of swresample's default filter length: the voice ends far below either Nyquist
    # frequency, so the shorter filter changes neither loudness nor peaks (measured on 28
    # minutes) and takes 15% less of the CPU the encode shares with the engine.
    resampler = "filter_size=16"
    return ",".join(
        [
            f"volume={gain_db:.3f}dB",
            f"aresample={rate * oversample}:{resampler}",
            # level=false: no make-up gain; latency=true: no shift, so cue times stay exact.
            f"alimiter=limit={ceiling:.5f}:level=false:latency=true:attack=2:release=60",
            f"aresample={rate}:{resampler}",
        ]
    )


def _limit(wav: Path, out: Path, gain_db: float, ceiling_dbtp: float, oversample: int = 2) -> None:
    chain = limiter_chain(gain_db, ceiling_dbtp, oversample)
    run_ffmpeg(["-i", wav, "-af", chain, "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav", out])


def _limit_to_target(
    wav: Path, out: Path, gain: float, ceiling: float, target_lufs: float
) -> float:
    """Gain + limiter into `out`, correcting the gain until the PCM is on target. -> gain.

    Each dB of gain into a working limiter adds less than a dB of loudness; the secant slope
    between the last two tries says how much less, so two or three tries suffice.
    """
    slope = FIRST_SLOPE
    previous: tuple[float, float] | None = None
    for _ in range(_MAX_STEPS):
        # The search runs without oversampling (twice as fast; the loudness is the same to a
        # few hundredths of a LU); the final pass below catches the true peaks.
        _limit(wav, out, gain, ceiling, oversample=1)
        integrated = measure(out, peak="none").integrated_lufs
        log.debug("gain %.2f dB, ceiling %.2f -> %.2f LUFS", gain, ceiling, integrated)
        if abs(target_lufs - integrated) <= _AIM_LU:
            break
        if previous is not None and gain != previous[0]:
            slope = min(1.0, max(0.2, (integrated - previous[1]) / (gain - previous[0])))
        previous = (gain, integrated)
        gain += (target_lufs - integrated) / slope
    _limit(wav, out, gain, ceiling)
    return gain


def encode_in_two_passes(
    wav: Path,
    mp3: Path,
    *,
    bitrate: str,
    target_lufs: float,
    target_tp: float,
    work_dir: Path | None = None,
    peak_margin_db: float = MP3_PEAK_MARGIN_DB,
    audio_format: AudioFormat = DEFAULT_FORMAT,
) -> LoudnessReport:
    """Write `mp3` (44.1 kHz mono CBR) from `wav` at `target_lufs`, peaks <= `target_tp`.

    The PCM's peaks are kept `peak_margin_db` under `target_tp` for the MP3 encode to
    overshoot into; when it overshoots further, the limiter stage is redone lower."""
    # A true peak is never below the sample peak, so the cheap sample peak rules out the
    # linear case most of the time; only when it might fit is the true peak measured.
    source = measure(wav, peak="sample")
    gain = target_lufs - source.integrated_lufs
    linear_possible = source.true_peak_dbtp + gain <= target_tp - peak_margin_db
    if linear_possible:
        source = measure(wav)
        linear_possible = source.true_peak_dbtp + gain <= target_tp - peak_margin_db
    if linear_possible and _encode_linear(
        wav, mp3, source, target_lufs, target_tp - peak_margin_db, bitrate, audio_format
    ):
        result = measure(mp3)
        if acceptable(result, target_lufs, target_tp):
            return LoudnessReport(
                "linear", result.integrated_lufs, result.true_peak_dbtp, gain, peak_margin_db
            )

    ceiling = target_tp - peak_margin_db
    aim = target_lufs + _MP3_LOSS_LU
    with tempfile.TemporaryDirectory(prefix="loudness-", dir=work_dir or wav.parent) as work:
        limited = Path(work) / "limited.wav"
        for _attempt in range(2):
            gain = _limit_to_target(wav, limited, gain, ceiling, aim)
            run_ffmpeg(["-i", limited, *_output_args(audio_format, bitrate, mp3)])
            result = measure(mp3)
            if acceptable(result, target_lufs, target_tp):
                break
            # Carry what the MP3 encode changed into the PCM's aim and the limiter's ceiling.
            aim += target_lufs - result.integrated_lufs
            overshoot = result.true_peak_dbtp - target_tp
            if overshoot > 0:
                ceiling -= overshoot + 0.2
    if not acceptable(result, target_lufs, target_tp, tolerance=1.0):
        log.warning(
            "%s: loudness %.1f LUFS, true peak %.1f dBTP (target %.1f / %.1f)",
            mp3, result.integrated_lufs, result.true_peak_dbtp, target_lufs, target_tp,
        )  # fmt: skip
    return LoudnessReport(
        "gain+limiter", result.integrated_lufs, result.true_peak_dbtp, gain,
        learned_margin(peak_margin_db, result.true_peak_dbtp - ceiling),
    )  # fmt: skip


def learned_margin(used_db: float, overshoot_db: float) -> float:
    """The peak margin for the next episode, from the MP3's measured overshoot of the
    limiter's ceiling in this one. It grows at once but shrinks slowly: the overshoot is a
    maximum over the episode, so a short episode underestimates what a long one needs."""
    needed = overshoot_db + _PEAK_SAFETY_DB
    return round(max(_MIN_PEAK_MARGIN_DB, needed, used_db - _MARGIN_DECAY_DB), 2)


def acceptable(
    result: Loudness, target_lufs: float, target_tp: float, tolerance: float = _ACCEPT_LU
) -> bool:
    return (
        abs(result.integrated_lufs - target_lufs) <= tolerance
        and result.true_peak_dbtp <= target_tp
    )
