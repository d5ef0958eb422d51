"""This machine's measured speed per voice: how fast it speaks, and how fast the voice talks.

Nothing here is assumed. The first estimate for a voice speaks a few of the build's own
sentences (a few seconds; into a throw-away cache) and times it; the figures are kept in
speed.json beside the clip cache, keyed by the CPU model and core count as well as the
voice, so a cache copied to another machine is measured again. Every real build that
speaks enough updates them from what it observed (`record_build`), so the estimate follows
the machine as it is used.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import UserError
from ..fsutil import write_text_atomic
from ..speech.plan import EngineSpec
from .base import cores, threads_per_worker
from .machine import cpu_model, onnxruntime_version

SPEED_FILE = "speed.json"
# Spoken for a measurement: enough words that the per-call overhead is in proportion
# (about 10 s of audio, a few seconds of work even for a voice at real time).
CALIBRATION_WORDS = 30
# A fast voice speaks that in a fraction of a second (Piper: about 0.3 s on two cores), too
# short to time against a process's start and the queue: another sample of as many words
# follows, up to CALIBRATION_ROUNDS samples, until the clock has run CALIBRATION_MIN_S or
# the processes have spoken CALIBRATION_MAX_AUDIO_S between them. Kokoro passes the first
# within one sample.
CALIBRATION_MIN_S = 1.5
CALIBRATION_MAX_AUDIO_S = 20.0
CALIBRATION_ROUNDS = 4
CALIBRATION_TIMEOUT_S = 300.0  # a voice that has not loaded and spoken by then is stuck
# A real build updates the record only when it spoke at least this much audio and the
# model gave its speaking this many seconds (shorter, it is mostly start-up and encoding:
# its ratio would say nothing about the voice); it weighs its observation this much
# against the record, and a ratio outside OBSERVED_RANGE is taken as its bound (a build
# slowed by something else on the machine must not make every later estimate wild).
OBSERVE_MIN_AUDIO_S = 20.0
OBSERVE_MIN_SPEECH_S = 5.0
OBSERVE_WEIGHT = 0.5
OBSERVED_RANGE = (0.25, 4.0)


@dataclass(frozen=True)
class VoiceSpeed:
    """One voice on this machine: wall seconds per audio second spoken in the run `setting`
    the build used (`rtf`), audio seconds per word (`per_word`), seconds to load the voice, and
    per run setting ("inline", "pool:2", ...) what real builds took against the model's
    prediction (`observed`: 1.0 = as predicted)."""

    rtf: float
    per_word: float
    load_s: float
    observed: dict[str, float] = field(default_factory=dict)
    setting: str = "inline"  # the run setting `rtf` was measured in (reader.run.estimate)


def voice_key(spec: EngineSpec) -> str:
    """The record's name for a voice on this machine: the CPU decides the speed."""
    return f"{spec.name}|{spec.voice or ''}|{spec.lang or ''}|{cpu_model()}|{cores()} cores"


class SpeedBook:
    """speed.json: the measured VoiceSpeed of every voice used on this machine."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / SPEED_FILE
        self._voices: dict[str, VoiceSpeed] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self._voices = {key: VoiceSpeed(**value) for key, value in data["voices"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            pass  # none yet, or unreadable: measured again

    def get(self, spec: EngineSpec) -> VoiceSpeed | None:
        return self._voices.get(voice_key(spec))

    def put(self, spec: EngineSpec, speed: VoiceSpeed) -> None:
        self._voices[voice_key(spec)] = speed
        data = {"onnxruntime": onnxruntime_version(),
                "voices": {key: asdict(value) for key, value in sorted(self._voices.items())}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")

    def measured(self, spec: EngineSpec, texts: Sequence[str], workers: int = 1) -> VoiceSpeed:
        """The voice's record, measured now by speaking `texts` with `workers` processes
        (as the build will) when there is none."""
        speed = self.get(spec)
        if speed is None:
            speed = calibrate(spec, texts, workers)
            self.put(spec, speed)
        return speed


def calibration_texts(texts: Sequence[str], words: int = CALIBRATION_WORDS) -> list[str]:
    """About `words` words of `texts`, taken evenly across them: what a measurement speaks.
    A sample of the whole, not its start: the first pieces are the opening line and
    headings, short pieces whose pauses would make every word seem longer."""
    total = sum(len(text.split()) for text in texts)
    if total <= words:
        return list(texts)
    count = min(len(texts), math.ceil(words / (total / len(texts))))
    step = len(texts) / count
    return [texts[int((index + 0.5) * step)] for index in range(count)]  # each stretch's middle


def calibration_rounds(texts: Sequence[str]) -> list[str]:
    """CALIBRATION_ROUNDS samples of `texts` (calibration_texts), one after another, each
    from a different stretch of every few texts, so any first samples cover the whole."""
    rounds = CALIBRATION_ROUNDS if len(texts) >= CALIBRATION_ROUNDS else 1
    return [text for offset in range(rounds)
            for text in calibration_texts(texts[offset::rounds])]  # fmt: skip


def calibrate(spec: EngineSpec, texts: Sequence[str], workers: int = 1) -> VoiceSpeed:
    """Speak `texts` (a few sentences in the voice's language) as a build with `workers`
    synthesis processes would: that many fresh processes, each with its share of the cores
    (reader.run.base.threads_per_worker) and of the texts, timed from when all have loaded
    the voice. Fresh processes, so this one never holds a model it will not use (and a
    voice's load time is measured as a build pays it). Nothing goes into the clip cache:
    the build that follows must still speak them, as the estimate says."""
    import multiprocessing

    chosen = calibration_rounds(texts) or ["A short sentence to measure how fast this voice "
                                          "speaks on this machine, and how fast it talks."]
    workers = max(1, min(workers, len(chosen)))
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(workers + 1)
    out = context.Queue()
    threads = threads_per_worker(workers) if workers > 1 else cores()
    processes = [context.Process(target=_speak_share, daemon=True,
                                 args=(spec, threads, chosen[i::workers], workers, barrier,
                                       out))
                 for i in range(workers)]  # fmt: skip
    for process in processes:
        process.start()
    try:
        barrier.wait(timeout=CALIBRATION_TIMEOUT_S)
        start = time.perf_counter()
        results = [out.get(timeout=CALIBRATION_TIMEOUT_S) for _ in processes]
        wall = time.perf_counter() - start
    except Exception as exc:  # noqa: BLE001 - a broken barrier, a queue timeout: one line
        reason = _first_error(out) or type(exc).__name__
        raise UserError(f"could not measure the voice {spec.name!r} on this machine: "
                        f"{reason}") from exc
    finally:
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    errors = [result for result in results if isinstance(result, str)]
    if errors:
        raise UserError(errors[0])
    load_s = max(result[0] for result in results)
    audio = sum(result[1] for result in results)
    words = sum(result[2] for result in results)
    # A build's pool gives each process its next clip as soon as it is free, so it speaks at
    # the sum of its processes' paces: timing until the slowest share ends would count the
    # others' wait (measured with Piper in a pool of 2: 15 % slower than the builds).
    pace = sum(result[1] / result[3] for result in results if result[3] > 0)
    rtf = 1 / pace if pace > 0 else wall / max(audio, 1e-3)
    setting = "inline" if workers == 1 else f"pool:{workers}"
    return VoiceSpeed(rtf=rtf, per_word=audio / max(words, 1), load_s=load_s, setting=setting)


def _first_error(out: Any) -> str | None:
    """The one-line error a calibration process put on `out` before it gave up, if any."""
    import queue

    try:
        found = out.get(timeout=5)
    except queue.Empty:
        return None
    return found if isinstance(found, str) else None


def _speak_share(spec: EngineSpec, threads: int, texts: Sequence[str], workers: int,
                 barrier: Any, out: Any) -> None:
    """In a calibration process: load the voice, wait for the others, speak `texts` in turn
    until the measurement is long enough to time (see CALIBRATION_MIN_S); put (load seconds,
    audio seconds, words spoken, seconds spent speaking) on `out`, or the one-line error.
    `workers`: the processes sharing the measurement, each speaking its part of the words
    and audio."""
    try:
        engine = spec.create()
        type(engine).use_threads(threads)
        start = time.perf_counter()
        engine.synthesize("One.")  # loads the model; a word, so the load is most of it
        # A model's first sentence costs more than the rest (onnxruntime sizes its buffers):
        # a build pays that once per process, so it counts as loading, not as speaking.
        engine.synthesize(texts[0] if texts else "Two words.")
        load_s = time.perf_counter() - start
    except Exception as exc:  # noqa: BLE001 - reported by the caller in one line
        barrier.abort()
        out.put(str(exc))
        return
    barrier.wait()
    start = time.perf_counter()
    audio, words = 0.0, 0
    for text in texts:
        clip = engine.synthesize(text)
        audio += len(clip.samples) / clip.sample_rate
        words += len(text.split())
        enough = words * workers >= CALIBRATION_WORDS
        long_enough = time.perf_counter() - start >= CALIBRATION_MIN_S
        if enough and (long_enough or audio * workers >= CALIBRATION_MAX_AUDIO_S):
            break
    out.put((load_s, audio, words, time.perf_counter() - start))


def record_build(
    book: SpeedBook, spec: EngineSpec, setting: str, *, predicted_s: float, wall_s: float,
    audio_s: float, words: int,
) -> None:
    """What a real build observed for `spec` under a run `setting` (see VoiceSpeed):
    its wall time against the prediction, and the voice's audio per word."""
    speed = book.get(spec)
    if (speed is None or audio_s < OBSERVE_MIN_AUDIO_S or predicted_s < OBSERVE_MIN_SPEECH_S
            or words <= 0):
        return
    low, high = OBSERVED_RANGE
    ratio = min(high, max(low, wall_s / predicted_s))
    old = speed.observed.get(setting)
    blended = ratio if old is None else old * (1 - OBSERVE_WEIGHT) + ratio * OBSERVE_WEIGHT
    per_word = speed.per_word * (1 - OBSERVE_WEIGHT) + audio_s / words * OBSERVE_WEIGHT
    book.put(spec, replace(speed, per_word=per_word,
                           observed={**speed.observed, setting: blended}))
