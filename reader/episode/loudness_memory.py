"""What last put an episode of a voice on target, kept beside the clip cache: the gain, and
how far under the true-peak target the limiter had to stay for the MP3 encode's overshoot.

It lets the next episode of that voice be encoded while it is being spoken
(stream_encode.StreamingEncoder); the measurement of every episode still decides. For voices
measured in advance, a hint handed in by the caller (reader.speech.engines.gain_hint) does the
same for their very first episode. The memory is keyed by the engine's identity: engines
themselves know nothing of loudness, and this stage never asks the engines.
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
from .encode import MP3_PEAK_MARGIN_DB, LoudnessReport

FILE_NAME = "loudness.json"


@dataclass(frozen=True)
class Prediction:
    gain_db: float
    peak_margin_db: float = MP3_PEAK_MARGIN_DB


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
