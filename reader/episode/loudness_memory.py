"""What last put an episode of a voice on target, kept beside the clip cache: the gain, and
how far under the true-peak target the limiter had to stay for the MP3 encode's overshoot.

It lets the next episode of that voice be encoded while it is being spoken
(stream_encode.StreamingEncoder); the measurement of every episode still decides. For voices
measured in advance, a built-in hint does the same for their very first episode. Both are
keyed by the engine's identity: engines themselves know nothing of loudness.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import AudioSettings
from ..fsutil import write_text_atomic
from ..speech.engines.kokoro import DEFAULT_VOICE as KOKORO_DEFAULT_VOICE
from ..speech.engines.piper import DEFAULT_VOICE as PIPER_PACKAGED_VOICE
from ..speech.engines.tones import DEFAULT_VOICE as TONES_VOICE
from .encode import MP3_PEAK_MARGIN_DB, LoudnessReport

FILE_NAME = "loudness.json"


@dataclass(frozen=True)
class Prediction:
    gain_db: float
    peak_margin_db: float = MP3_PEAK_MARGIN_DB


# The gain that brings a voice to -16 LUFS, for voices measured before they are first used,
# keyed by (engine, voice) as the engine's identity names them. It lets even a voice's first
# episode be encoded while it is spoken; the measurement still decides. Measured: the
# packaged Piper voice (normalize_audio=False) needs about 15 dB through the limiter (2 dB
# under the peak target), on articles of 8 and 28 minutes. Other voices learn theirs on
# first use. Kokoro's af_heart needs about 7.6 dB (7.57 and 7.63 on two short articles, 1.75
# dB under the peak target). The test engine's tones need about 1 dB (a 2-minute episode).
_GAIN_HINTS_AT_MINUS_16: dict[tuple[str, str], float] = {
    ("kokoro", KOKORO_DEFAULT_VOICE): 7.6,
    ("piper", PIPER_PACKAGED_VOICE): 15.0,
    ("tones", TONES_VOICE): 1.0,
}


def gain_hint_at_minus_16(engine_identity: Mapping[str, str]) -> float | None:
    """The measured gain that brings this engine's voice to -16 LUFS, if one is known."""
    key = (engine_identity.get("engine", ""), engine_identity.get("voice", ""))
    return _GAIN_HINTS_AT_MINUS_16.get(key)


def memory_key(engine_identity: Mapping[str, str], settings: AudioSettings) -> str:
    payload = json.dumps([dict(engine_identity), settings.fingerprint()], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


def _parsed_entry(value: Any) -> Prediction | None:
    """One remembered entry; a bare number is the gain alone (the first format)."""
    if isinstance(value, int | float):
        return Prediction(float(value))
    if isinstance(value, dict) and isinstance(value.get("gain_db"), int | float):
        margin = value.get("peak_margin_db")
        if isinstance(margin, int | float):
            return Prediction(float(value["gain_db"]), float(margin))
        return Prediction(float(value["gain_db"]))
    return None


class LoudnessMemory:
    def __init__(self, cache_root: Path) -> None:
        self.path = cache_root / FILE_NAME

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # nothing remembered yet (or unreadable): the two-pass method decides
        return data if isinstance(data, dict) else {}

    def recall(self, key: str) -> Prediction | None:
        return _parsed_entry(self._read().get(key))

    def remember(self, key: str, report: LoudnessReport) -> None:
        data = self._read()
        data[key] = {
            "gain_db": round(report.gain_db, 3),
            "peak_margin_db": round(report.peak_margin_db, 2),
        }
        write_text_atomic(self.path, json.dumps(data, sort_keys=True, indent=1))
