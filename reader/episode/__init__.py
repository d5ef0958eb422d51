"""Stage 4 — the episode: clips assembled once, loudness, MP3, ID3 tags, sidecar files.

It works from the clips alone (an `Iterable[Clip]` in piece order) and never creates an
engine: how the clips are spoken is the speech stage's business (reader.speech.plan).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Unpack

from ..audio.ffmpeg import FfmpegFailed
from ..audio.formats import DEFAULT_FORMAT, AudioFormat, EpisodeTags, episode_format, format_of
from ..config import AudioSettings
from ..fsutil import atomic_path
from ..models import Episode, Script
from ..speech.cache import ClipCache
from ..speech.clip import Clip
from .assemble import Piece, Timeline, assemble, plan_pieces
from .encode import MP3_PEAK_MARGIN_DB, LoudnessReport, encode_in_two_passes
from .loudness_memory import LoudnessMemory, Prediction, memory_key
from .sidecars import write_sidecars
from .stream_encode import StreamingEncoder

log = logging.getLogger(__name__)



def retag_episode(audio_path: Path, **tags: Unpack[EpisodeTags]) -> int:
    """Rewrite only the tags of a finished episode (a new podcast title or cover): no
    synthesis, no encoding. Done on a copy renamed into place. Returns the new size."""
    audio_format = episode_format(audio_path.name)
    with atomic_path(audio_path) as tmp:
        shutil.copyfile(audio_path, tmp)
        audio_format.write_tags(tmp, **tags)
    return audio_path.stat().st_size


def _prediction(
    remembered: Prediction | None, hint_at_minus_16: float | None, settings: AudioSettings
) -> Prediction | None:
    """What this episode will probably need: what the last one of this voice and these
    settings needed, else the measured hint for its voice (shifted to the target)."""
    if remembered is not None:
        return remembered
    if hint_at_minus_16 is None or settings.intro or settings.outro:
        return None
    return Prediction(hint_at_minus_16 + (settings.loudness_lufs + 16.0))


# A streamed encode this close to the loudness target is tried once more from the WAV with
# the gain and peak margin corrected (one ffmpeg pass, about a tenth of the two-pass
# method's time); further off, the remembered gain was wrong and two passes measure afresh.
_SECOND_TRY_WITHIN_LU = 2.0


def _speak_and_encode(
    script: Script,
    pieces: list[Piece],
    clips: Iterable[Clip],
    wav: Path,
    mp3: Path,
    settings: AudioSettings,
    prediction: Prediction | None,
    audio_format: AudioFormat,
) -> tuple[Timeline, LoudnessReport]:
    """Assemble the clips into `wav` as the engine speaks them, and encode `mp3`.

    With a prediction for this voice, ffmpeg encodes and measures the PCM while it is being
    spoken, so the encode costs almost no time of its own; if that measurement is off target,
    one more pass from the WAV with the measured correction, or the two-pass method.
    """
    if prediction is None:
        timeline = assemble(script, pieces, clips, wav, settings)
        return timeline, _encode_in_two_passes(
            wav, mp3, settings, MP3_PEAK_MARGIN_DB, audio_format
        )
    streamer = _streaming_encoder(mp3, wav, prediction, settings, audio_format)
    try:
        timeline = assemble(script, pieces, clips, wav, settings, on_written=streamer.written)
        measured = streamer.finish()
    except BaseException:
        streamer.abort()
        raise
    if streamer.accepts(measured, settings.loudness_lufs):
        return timeline, streamer.report(measured, settings.loudness_lufs)
    log.info(
        "%s: streamed encode at %.1f LUFS, %.1f dBTP", mp3, measured.integrated_lufs,
        measured.true_peak_dbtp,
    )  # fmt: skip
    corrected = streamer.report(measured, settings.loudness_lufs)
    miss = abs(settings.loudness_lufs - measured.integrated_lufs)
    again = (
        _encode_again(mp3, wav, corrected, settings, audio_format)
        if miss <= _SECOND_TRY_WITHIN_LU else None
    )  # fmt: skip
    if again is not None:
        return timeline, again
    log.info("%s: re-encoding in two passes", mp3)
    return timeline, _encode_in_two_passes(
        wav, mp3, settings, corrected.peak_margin_db, audio_format
    )


def _encode_again(
    mp3: Path,
    wav: Path,
    corrected: LoudnessReport,
    settings: AudioSettings,
    audio_format: AudioFormat,
) -> LoudnessReport | None:
    """One more streamed encode of the finished WAV, with the gain and peak margin the
    first one measured it needed; None when that misses too."""
    encoder = _streaming_encoder(
        mp3, wav, Prediction(corrected.gain_db, corrected.peak_margin_db), settings,
        audio_format,
    )  # fmt: skip
    measured = encoder.encode_wav()
    if not encoder.accepts(measured, settings.loudness_lufs):
        return None
    log.info("%s: encoded again at %.1f dB of gain", mp3, encoder.gain_db)
    return replace(encoder.report(measured, settings.loudness_lufs), method="streamed again")


def _streaming_encoder(
    mp3: Path, wav: Path, prediction: Prediction, settings: AudioSettings,
    audio_format: AudioFormat,
) -> StreamingEncoder:
    return StreamingEncoder(
        mp3, wav, gain_db=prediction.gain_db, peak_margin_db=prediction.peak_margin_db,
        target_tp=settings.true_peak_dbtp, bitrate=settings.bitrate,
        log_path=wav.parent / "stream-encode.log", audio_format=audio_format,
    )  # fmt: skip


def _encode_in_two_passes(
    wav: Path, mp3: Path, settings: AudioSettings, peak_margin_db: float,
    audio_format: AudioFormat,
) -> LoudnessReport:
    return encode_in_two_passes(
        wav, mp3, work_dir=wav.parent, bitrate=settings.bitrate,
        target_lufs=settings.loudness_lufs, target_tp=settings.true_peak_dbtp,
        peak_margin_db=peak_margin_db, audio_format=audio_format,
    )  # fmt: skip


def _remove_abandoned_work(scratch: Path) -> None:
    """Working folders of runs that were killed (their process is gone): a 3-hour episode's
    WAV is half a gigabyte, so they must not pile up. Folders of live runs are left alone."""
    for folder in scratch.glob("episode-*-*"):
        try:
            pid = int(folder.name.split("-")[1])
            os.kill(pid, 0)
        except ValueError:
            continue
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            continue  # alive, someone else's


def write_episode(
    script: Script,
    pieces: list[Piece],
    clips: Iterable[Clip],
    audio_path: Path,
    settings: AudioSettings,
    *,
    engine_identity: Mapping[str, str],
    gain_hint_db: float | None = None,
    album: str | None = None,
    cover: Path | None = None,
    cache_dir: Path | None = None,
) -> Episode:
    """Assemble `clips` (one per piece, in order) and write `audio_path` plus .vtt,
    .chapters.json and .txt beside it.

    `clips` may still be arriving (a generator that speaks them): assembly and, with a
    loudness prediction for this voice, the encode run while it does. `engine_identity`
    keys what is remembered about this voice's loudness, and `gain_hint_db` (the voice's
    gain measured in advance, from the engine registry) stands in for a memory the first
    time; `cache_dir` holds that memory and
    the working WAV (on the clip cache's disk). The audio format is the one the registry
    knows by `audio_path`'s suffix (the default format for a name it does not know)."""
    audio_format = (format_of(Path(audio_path).name) or DEFAULT_FORMAT).for_engine(settings.engine)
    cache = ClipCache(cache_dir)
    memory = LoudnessMemory(cache.root.parent)
    remembered = memory_key(engine_identity, settings)
    prediction = _prediction(
        memory.recall(remembered), gain_hint_db, settings
    )

    audio_path = Path(audio_path)
    audio_path.parent.mkdir(parents=True, exist_ok=True)
    # A 3-hour episode's PCM is about half a gigabyte: it goes to the cache's disk.
    _remove_abandoned_work(cache.scratch)
    with (
        tempfile.TemporaryDirectory(prefix=f"episode-{os.getpid()}-", dir=cache.scratch) as work,
        atomic_path(audio_path) as tmp_audio,
    ):
        wav = Path(work) / "episode.wav"
        try:
            timeline, loudness = _speak_and_encode(
                script, pieces, clips, wav, tmp_audio, settings, prediction, audio_format
            )
        except FfmpegFailed as exc:
            raise FfmpegFailed(f"encoding {audio_path}: {exc}") from exc
        memory.remember(remembered, loudness)
        audio_format.write_tags(
            tmp_audio,
            title=script.meta.title,
            artist=script.meta.author,
            album=album,
            date=script.meta.date,
            lang=script.meta.lang,
            cover=cover,
            chapters=timeline.chapters,
            keywords=script.meta.keywords,
        )
    log.info(
        "%s: %s, %.1f LUFS, %.1f dBTP",
        audio_path,
        loudness.method,
        loudness.integrated_lufs,
        loudness.true_peak_dbtp,
    )
    vtt_path, chapters_path, transcript_path = write_sidecars(
        audio_path, script, timeline.cues, timeline.chapters
    )
    return Episode(
        meta=script.meta,
        audio_path=audio_path,
        vtt_path=vtt_path,
        chapters_path=chapters_path,
        transcript_path=transcript_path,
        duration_ms=audio_format.duration_ms(audio_path),
        size_bytes=audio_path.stat().st_size,
        chapters=timeline.chapters,
        cues=timeline.cues,
        loudness_lufs=loudness.integrated_lufs,
        true_peak_dbtp=loudness.true_peak_dbtp,
        loudness_method=loudness.method,
    )


__all__ = ["Piece", "plan_pieces", "retag_episode", "write_episode"]
