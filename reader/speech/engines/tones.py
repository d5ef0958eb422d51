"""`tones`: a stand-in engine for tests and benchmarks, never offered to users.

Each text becomes a sine tone whose pitch comes from the text's hash and whose length
grows with the text the way speech does (about 15 characters a second, like Piper's
voice), so the clip cache, assembly, loudness, encoding, chapters and cue times all do
their real work on realistic amounts of audio, in microseconds instead of the engine's
seconds. Bookkeeping tests (manifest, drafts, removals, slugs, retagging) use it; every
behaviour keeps an end-to-end test with Piper. It is offered only when the environment
says so (see registry.TEST_ENGINES_ENV).

With READER_TONES_PACE set (seconds of wall time per second of tone), each clip also takes
that long to make, as a real voice's does: the tests that kill a build, a worker or a
process in the middle of synthesis get synthesis that takes time without spending the
suite's real-voice budget (tests/synthesis_budget.py).
"""

from __future__ import annotations

import hashlib
import os
import time

import numpy as np

from ..clip import Clip
from .base import Engine, EngineInfo

DEFAULT_VOICE = "sine"
SAMPLE_RATE = 22050
_MS_PER_CHARACTER = 65
_MIN_MS = 300
_FADE_MS = 10  # no clicks at the ends: a click's peak would distort the loudness checks
_AMPLITUDE = 0.25  # about Piper's level: -12 dBFS peaks before the episode's gain
PACE_ENV = "READER_TONES_PACE"


class ToneEngine(Engine):
    name = "tones"
    speaks_ipa = False
    gain_hints = {DEFAULT_VOICE: 1.0}  # measured on a 2-minute episode

    def __init__(self, voice: str | None = None, lang: str | None = None) -> None:
        self.voice = voice or DEFAULT_VOICE

    def identity(self) -> dict[str, str]:
        return {"engine": self.name, "voice": self.voice, "version": "1"}

    def synthesize(self, text: str) -> Clip:
        digest = hashlib.sha256(f"{self.voice}\0{text}".encode()).digest()
        # A narrow band of pitches: the loudness meter weights frequencies differently, and
        # over a wider one each episode's loudness would depend on its texts, so the gain
        # remembered from the last episode would miss (and the encode take two passes).
        frequency = 200 + int.from_bytes(digest[:2], "big") % 60
        ms = max(_MIN_MS, _MS_PER_CHARACTER * len(text))
        count = SAMPLE_RATE * ms // 1000
        t = np.arange(count) / SAMPLE_RATE
        wave = _AMPLITUDE * np.sin(2 * np.pi * frequency * t)
        fade = min(count // 2, SAMPLE_RATE * _FADE_MS // 1000)
        ramp = np.linspace(0.0, 1.0, fade)
        wave[:fade] *= ramp
        wave[count - fade :] *= ramp[::-1]
        time.sleep(float(os.environ.get(PACE_ENV) or 0) * ms / 1000)
        return Clip((wave * 32767).astype(np.int16), SAMPLE_RATE)

    @classmethod
    def voice_names(cls) -> tuple[str, ...]:
        return (DEFAULT_VOICE, "hum")  # any name is a voice; two to choose between in tests

    @classmethod
    def describe(cls) -> EngineInfo:
        return EngineInfo(
            name=cls.name,
            voices=("sine (default)",),
            languages=(),
            works_here=True,
            status="test engine: tones instead of speech",
        )
