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
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..fsutil import write_text_atomic
from ..speech.plan import EngineSpec
from .base import cores
from .machine import cpu_model, onnxruntime_version

SPEED_FILE = "speed.json"
# Spoken for a measurement: enough words that the per-call overhead is in proportion
# (about 10 s of audio, a few seconds of work even for a voice at real time).
CALIBRATION_WORDS = 30
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
    """One voice on this machine: wall seconds per audio second spoken by one process on
    every core (`rtf`), audio seconds per word (`per_word`), seconds to load the voice, and
    per run setting ("inline", "pool:2", ...) what real builds took against the model's
    prediction (`observed`: 1.0 = as predicted)."""

    rtf: float
    per_word: float
    load_s: float
    observed: dict[str, float] = field(default_factory=dict)


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

    def measured(self, spec: EngineSpec, texts: Sequence[str]) -> VoiceSpeed:
        """The voice's record, measured now by speaking `texts` when there is none."""
        speed = self.get(spec)
        if speed is None:
            speed = calibrate(spec, texts)
            self.put(spec, speed)
        return speed


def calibration_texts(texts: Sequence[str], words: int = CALIBRATION_WORDS) -> list[str]:
    """The first of `texts` up to about `words` words: what a measurement speaks."""
    chosen: list[str] = []
    count = 0
    for text in texts:
        if count >= words:
            break
        chosen.append(text)
        count += len(text.split())
    return chosen


def calibrate(spec: EngineSpec, texts: Sequence[str]) -> VoiceSpeed:
    """Speak `texts` (a few sentences in the voice's language) in this process, on every
    core as the in-process runner does, and time it. Nothing goes into the clip cache: the
    build that follows must still speak them, as the estimate says."""
    engine = spec.create()
    start = time.perf_counter()
    engine.synthesize("One.")  # loads the model; a word, so the load is most of it
    load_s = time.perf_counter() - start
    chosen = calibration_texts(texts) or ["A short sentence to measure how fast this voice "
                                          "speaks on this machine, and how fast it talks."]
    start = time.perf_counter()
    audio = 0.0
    for text in chosen:
        clip = engine.synthesize(text)
        audio += len(clip.samples) / clip.sample_rate
    wall = time.perf_counter() - start
    words = sum(len(text.split()) for text in chosen)
    return VoiceSpeed(rtf=wall / max(audio, 1e-3), per_word=audio / max(words, 1),
                      load_s=load_s)


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
