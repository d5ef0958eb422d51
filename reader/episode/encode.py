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
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import subprocess
import tempfile
import threading
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..audio.ffmpeg import FfmpegFailed, failure, ffmpeg_exe, last_json_object, run_ffmpeg
from ..audio.format import AudioFormat
from ..audio.formats import DEFAULT_FORMAT

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
_FEED_BLOCK = 1 << 20  # bytes of PCM per write into the streaming encoder
# Measured on Piper's joe voice near -16 LUFS with the limiter 2 dB under the peak target:
# each dB of gain adds 0.35-0.4 LU (the limiter takes the rest). Only the first correction's
# size depends on it; later ones use the measured slope.
_FIRST_SLOPE = 0.4
# A 64 kbit/s MP3 measures ~0.3-0.4 LU quieter than its PCM (the encoder's low-pass).
_MP3_LOSS_LU = 0.3


@dataclass(frozen=True)
class Loudness:
    integrated_lufs: float
    true_peak_dbtp: float
    lra: float = 0.0
    threshold: float = -70.0


@dataclass(frozen=True)
class LoudnessReport:
    method: str  # "linear" (loudnorm linear=true), "gain+limiter", "streamed", "streamed again"
    integrated_lufs: float
    true_peak_dbtp: float
    gain_db: float = 0.0  # the gain that put this episode on target
    peak_margin_db: float = MP3_PEAK_MARGIN_DB  # the limiter ceiling's margin to use next time


_NUMBER = r"(-?[\d.]+|-inf)"
# ebur128 logs ten lines per second of audio (8 MB for a 2.4-hour episode, all read back
# into memory) unless its frame log goes to the verbose level; the summary is unaffected.
_EBUR128 = "ebur128=framelog=verbose"


def measure(path: Path, *, peak: str = "true") -> Loudness:
    """ffmpeg's ebur128 summary of a file. peak="true" (oversampled, what checkers report),
    "sample" or "none"; the true peak costs about three times the rest."""
    filter_ = f"{_EBUR128}:peak={peak}" if peak != "none" else _EBUR128
    result = run_ffmpeg(["-i", path, "-af", filter_, "-f", "null", "-"])
    return ebur128_summary(result.stderr.decode("utf-8", "replace"), path)


def ebur128_summary(log_text: str, source: Path) -> Loudness:
    """The Summary block that ffmpeg's ebur128 filter prints at the end of its log."""
    summary = log_text[log_text.rfind("Summary:") :]

    def value(pattern: str, default: float) -> float:
        match = re.search(pattern, summary, re.S)
        return float(match.group(1)) if match else default

    integrated = value(rf"Integrated loudness:\s+I:\s+{_NUMBER} LUFS", float("nan"))
    if integrated != integrated:  # NaN: no summary
        raise FfmpegFailed(f"no ebur128 summary for {source}")
    return Loudness(
        integrated_lufs=integrated,
        true_peak_dbtp=value(rf"(?:True|Sample) peak:\s+Peak:\s+{_NUMBER} dBFS", -70.0),
        lra=value(rf"Loudness range:\s+LRA:\s+{_NUMBER} LU", 0.0),
        threshold=value(rf"Integrated loudness:.*?Threshold:\s+{_NUMBER} LUFS", -70.0),
    )


# Every episode's PCM shape, whatever its format; the format adds codec and container.
_EPISODE_PCM = ["-ar", str(OUTPUT_RATE), "-ac", "1", "-map_metadata", "-1"]


def _output_args(audio_format: AudioFormat, bitrate: str, target: Path) -> list[str | Path]:
    return [*_EPISODE_PCM, *audio_format.output_args(bitrate, target)]


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


def _limiter_chain(gain_db: float, ceiling_dbtp: float, oversample: int = 2) -> str:
    ceiling = 10 ** (ceiling_dbtp / 20)
    # Half of swresample's default filter length: the voice ends far below either Nyquist
    # frequency, so the shorter filter changes neither loudness nor peaks (measured on 28
    # minutes) and takes 15% less of the CPU the encode shares with the engine.
    resampler = "filter_size=16"
    return ",".join(
        [
            f"volume={gain_db:.3f}dB",
            f"aresample={OUTPUT_RATE * oversample}:{resampler}",
            # level=false: no make-up gain; latency=true: no shift, so cue times stay exact.
            f"alimiter=limit={ceiling:.5f}:level=false:latency=true:attack=2:release=60",
            f"aresample={OUTPUT_RATE}:{resampler}",
        ]
    )


def _limit(wav: Path, out: Path, gain_db: float, ceiling_dbtp: float, oversample: int = 2) -> None:
    chain = _limiter_chain(gain_db, ceiling_dbtp, oversample)
    run_ffmpeg(["-i", wav, "-af", chain, "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav", out])


def _limit_to_target(
    wav: Path, out: Path, gain: float, ceiling: float, target_lufs: float
) -> float:
    """Gain + limiter into `out`, correcting the gain until the PCM is on target. -> gain.

    Each dB of gain into a working limiter adds less than a dB of loudness; the secant slope
    between the last two tries says how much less, so two or three tries suffice.
    """
    slope = _FIRST_SLOPE
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


def encode_episode(
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
        if _acceptable(result, target_lufs, target_tp):
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
            if _acceptable(result, target_lufs, target_tp):
                break
            # Carry what the MP3 encode changed into the PCM's aim and the limiter's ceiling.
            aim += target_lufs - result.integrated_lufs
            overshoot = result.true_peak_dbtp - target_tp
            if overshoot > 0:
                ceiling -= overshoot + 0.2
    if not _acceptable(result, target_lufs, target_tp, tolerance=1.0):
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


def _pcm_offset(wav: IO[bytes]) -> int:
    """Where the samples start in a WAV file: after the RIFF header and the chunks before
    "data" (the wave module cannot read a file that is still being written)."""
    wav.seek(12)  # "RIFF", size, "WAVE"
    while len(header := wav.read(8)) == 8:
        chunk, size = header[:4], int.from_bytes(header[4:], "little")
        if chunk == b"data":
            return wav.tell()
        wav.seek(size + (size & 1), os.SEEK_CUR)
    raise FfmpegFailed(f"no PCM data in {getattr(wav, 'name', 'the WAV file')}")


def _acceptable(
    result: Loudness, target_lufs: float, target_tp: float, tolerance: float = _ACCEPT_LU
) -> bool:
    return (
        abs(result.integrated_lufs - target_lufs) <= tolerance
        and result.true_peak_dbtp <= target_tp
    )


class StreamingEncoder:
    """Encode an episode while it is being spoken, at a gain predicted from earlier episodes.

    The two-pass method above can only start once the whole episode exists, and its passes
    (measure, limit, encode, measure) cost a large share of the synthesis time. Piper speaks
    at a steady level, so the gain that put the last episode of a voice on target nearly
    always fits the next one: the encoder applies it (and the same true-peak limiter) to the
    episode's WAV while the assembly is still writing it. Its MP3 goes both to the file and,
    through a pipe, to a second ffmpeg that decodes it and measures it with ebur128: the
    measurement is of the MP3 itself, taken while it is made. `finish()` returns it; when it
    is off target the caller encodes again.

    The encoder runs below the engine's priority, so it falls behind while the engine is
    busy; it reads the WAV from the file (the page cache) rather than from a queue in memory,
    so however far behind it is, that costs no memory and never makes the engine wait.
    """

    def __init__(
        self,
        mp3: Path,
        wav: Path,
        *,
        gain_db: float,
        target_tp: float,
        bitrate: str,
        log_path: Path,
        peak_margin_db: float = MP3_PEAK_MARGIN_DB,
        audio_format: AudioFormat = DEFAULT_FORMAT,
    ) -> None:
        self.mp3 = mp3
        self.audio_format = audio_format
        self.wav = wav
        self.gain_db = gain_db
        self.target_tp = target_tp
        self.peak_margin_db = peak_margin_db
        self.bitrate = bitrate
        self.log_path = log_path
        self._encoder: subprocess.Popen[bytes] | None = None
        self._meter: subprocess.Popen[bytes] | None = None
        self._logs: list[IO[bytes]] = []
        self._written = 0  # bytes of PCM the assembly has flushed to the WAV so far
        self._complete = False
        self._progress = threading.Condition()
        self._feeder: threading.Thread | None = None
        self._feeder_error: BaseException | None = None

    def written(self, sample_rate: int, byte_count: int) -> None:
        """The assembly's hook: `byte_count` more bytes of PCM are in the WAV file."""
        if self._encoder is None:
            self._start(sample_rate)
        if self._feeder_error is not None:
            raise FfmpegFailed(f"ffmpeg stopped while encoding {self.mp3}")
        with self._progress:
            self._written += byte_count
            self._progress.notify()

    def encode_wav(self) -> Loudness:
        """Encode the finished WAV the same way (a second try with a corrected gain)."""
        try:
            with wave.open(str(self.wav), "rb") as source:
                rate, frames = source.getframerate(), source.getnframes()
            self.written(rate, frames * 2)
            return self.finish()
        except BaseException:
            self.abort()
            raise

    def _start(self, sample_rate: int) -> None:
        ceiling = self.target_tp - self.peak_margin_db
        audio_format = self.audio_format
        encode = [
            ffmpeg_exe(), "-hide_banner", "-nostats", "-y",
            "-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0",
            "-af", _limiter_chain(self.gain_db, ceiling), "-map", "0:a",  # tee wants a map
            *_EPISODE_PCM, *audio_format.codec_args(self.bitrate),
            # The same packets to the file (seekable: an MP3 gets its Info header) and to
            # the meter. Run in the file's folder: tee's syntax would trip on some paths,
            # and the temporary file's own name is plain.
            "-f", "tee",
            f"{audio_format.tee_output(self.mp3.name)}|{audio_format.tee_output('pipe:1')}",
        ]  # fmt: skip
        meter = [
            ffmpeg_exe(), "-hide_banner", "-nostats", "-f", audio_format.container,
            "-i", "pipe:0",
            "-af", f"{_EBUR128}:peak=true", "-f", "null", "-",
        ]  # fmt: skip
        # Logs go to files, not pipes nobody drains while we write.
        encoder_log = open(self.log_path.with_suffix(".encode.log"), "wb")  # noqa: SIM115
        meter_log = open(self.log_path, "wb")  # noqa: SIM115 - both closed in _close_logs()
        self._logs = [encoder_log, meter_log]
        self._encoder = subprocess.Popen(  # noqa: S603 - fixed program, list arguments
            encode, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=encoder_log,
            cwd=self.mp3.parent,
        )  # fmt: skip
        self._meter = subprocess.Popen(  # noqa: S603 - fixed program, list arguments
            meter, stdin=self._encoder.stdout, stdout=subprocess.DEVNULL, stderr=meter_log
        )
        assert self._encoder.stdout is not None
        self._encoder.stdout.close()  # the meter holds the pipe's reading end now
        # The lowest priority: Piper keeps every core busy, and an encoder competing with it
        # slows each of its parallel steps down to the slower thread. At nice 19 the encoder
        # mostly waits for the gaps, and whatever is left runs once the engine is done
        # (1,500 words, speak / raw Piper: nice 10 1.17, nice 19 1.125). SCHED_IDLE measured
        # 1.105 but would starve the encoder on a machine busy with other work.
        for process in (self._encoder, self._meter):
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, process.pid, 19)
        self._feeder = threading.Thread(target=self._feed, name="stream-encoder", daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        """The feeder thread: the WAV's PCM, as far as it is written, into ffmpeg's stdin."""
        assert self._encoder is not None and self._encoder.stdin is not None
        stdin = self._encoder.stdin
        try:
            with open(self.wav, "rb") as source:
                source.seek(_pcm_offset(source))
                sent = 0
                while (available := self._wait_for_pcm(sent)) > sent:
                    block = source.read(min(available - sent, _FEED_BLOCK))
                    if not block:
                        raise FfmpegFailed(f"{self.wav} is shorter than what was written")
                    stdin.write(block)
                    sent += len(block)
        except (OSError, ValueError, FfmpegFailed) as exc:
            self._feeder_error = exc
        finally:
            with contextlib.suppress(OSError, ValueError):
                stdin.close()

    def _wait_for_pcm(self, sent: int) -> int:
        """Bytes written so far, once there is more than `sent` or the WAV is complete."""
        with self._progress:
            self._progress.wait_for(lambda: self._written > sent or self._complete)
            return self._written

    def _stop_feeding(self) -> None:
        with self._progress:
            self._complete = True
            self._progress.notify()
        if self._feeder is not None:
            self._feeder.join()

    def finish(self) -> Loudness:
        """The WAV is complete: wait for both ffmpeg runs, return the measurement of the MP3."""
        if self._encoder is None or self._meter is None or self._feeder is None:
            raise FfmpegFailed(f"nothing was encoded into {self.mp3}")
        self._stop_feeding()
        codes = (self._encoder.wait(), self._meter.wait())
        self._close_logs()
        logs = (self.log_path.with_suffix(".encode.log"), self.log_path)
        for code, log_file in zip(codes, logs, strict=True):
            if code != 0:
                raise FfmpegFailed(failure(code, log_file.read_text("utf-8", "replace")))
        if self._feeder_error is not None:
            raise FfmpegFailed(f"encoding {self.mp3}: {self._feeder_error}")
        return ebur128_summary(self.log_path.read_text("utf-8", "replace"), self.mp3)

    def abort(self) -> None:
        for process in (self._encoder, self._meter):
            if process is not None:
                process.kill()
                process.wait()
        self._stop_feeding()
        self._close_logs()

    def _close_logs(self) -> None:
        for log_file in self._logs:
            log_file.close()
        self._logs = []

    def accepts(self, measured: Loudness, target_lufs: float) -> bool:
        """The MP3 as a podcast checker measures it: on target, true peak under the ceiling."""
        return _acceptable(measured, target_lufs, self.target_tp)

    def report(self, measured: Loudness, target_lufs: float) -> LoudnessReport:
        """The MP3's loudness, and what to predict next time: this gain, nudged by how far
        it landed, and the peak margin this episode's MP3 needed."""
        margin = learned_margin(self.peak_margin_db, self.overshoot(measured))
        if measured.true_peak_dbtp > self.target_tp:
            margin = max(margin, MP3_PEAK_MARGIN_DB)  # it failed: no less than the default
        return LoudnessReport(
            "streamed",
            measured.integrated_lufs,
            measured.true_peak_dbtp,
            self._corrected_gain(measured, target_lufs, margin),
            margin,
        )

    def _corrected_gain(self, measured: Loudness, target_lufs: float, margin: float) -> float:
        """The gain that would have hit the target with the limiter's ceiling `margin` under
        the true-peak target. Into a working limiter a dB of gain adds _FIRST_SLOPE LU and a
        dB of ceiling the rest (raising both by a dB raises the loudness by a dB)."""
        miss = target_lufs - measured.integrated_lufs
        ceiling_lowered = margin - self.peak_margin_db
        return self.gain_db + (miss + ceiling_lowered * (1 - _FIRST_SLOPE)) / _FIRST_SLOPE

    def overshoot(self, measured: Loudness) -> float:
        """How far the MP3's true peak went over the limiter's ceiling."""
        return measured.true_peak_dbtp - (self.target_tp - self.peak_margin_db)
