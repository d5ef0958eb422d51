"""Encoding an episode while it is being spoken (see StreamingEncoder), at a gain the
loudness memory predicts; the two-pass method (reader.episode.encode) is the fallback."""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import wave
from pathlib import Path
from typing import IO

from ..audio.ffmpeg import FfmpegFailed, failure, ffmpeg_exe
from ..audio.formats import DEFAULT_FORMAT, AudioFormat
from ..audio.loudness import EBUR128, Loudness, ebur128_summary
from .encode import (
    EPISODE_PCM,
    FIRST_SLOPE,
    MP3_PEAK_MARGIN_DB,
    LoudnessReport,
    acceptable,
    learned_margin,
    limiter_chain,
)

_FEED_BLOCK = 1 << 20  # bytes of PCM per write into the streaming encoder


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
            "-af", limiter_chain(self.gain_db, ceiling), "-map", "0:a",  # tee wants a map
            *EPISODE_PCM, *audio_format.codec_args(self.bitrate),
            # The same packets to the file (seekable: an MP3 gets its Info header) and to
            # the meter. Run in the file's folder: tee's syntax would trip on some paths,
            # and the temporary file's own name is plain.
            "-f", "tee",
            f"{audio_format.tee_output(self.mp3.name)}|{audio_format.tee_output('pipe:1')}",
        ]  # fmt: skip
        meter = [
            ffmpeg_exe(), "-hide_banner", "-nostats", "-f", audio_format.container,
            "-i", "pipe:0",
            "-af", f"{EBUR128}:peak=true", "-f", "null", "-",
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
        return acceptable(measured, target_lufs, self.target_tp)

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
        the true-peak target. Into a working limiter a dB of gain adds FIRST_SLOPE LU and a
        dB of ceiling the rest (raising both by a dB raises the loudness by a dB)."""
        miss = target_lufs - measured.integrated_lufs
        if measured.true_peak_dbtp + miss <= self.target_tp - margin:
            # Every peak stays under the ceiling even with the miss added: the limiter has
            # nothing to do, so a dB of gain is a dB of loudness. (Taken as the limiter's
            # slope, a 0.7 LU miss became 1.75 dB of gain, overshot, and sent a short
            # episode to the two-pass method: 8 ffmpeg runs instead of 4.)
            return self.gain_db + miss
        ceiling_lowered = margin - self.peak_margin_db
        return self.gain_db + (miss + ceiling_lowered * (1 - FIRST_SLOPE)) / FIRST_SLOPE

    def overshoot(self, measured: Loudness) -> float:
        """How far the MP3's true peak went over the limiter's ceiling."""
        return measured.true_peak_dbtp - (self.target_tp - self.peak_margin_db)


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
