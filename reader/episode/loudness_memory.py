"""The gain that last put an episode of a voice on target, kept beside the clip cache.

It lets the next episode of that voice be encoded while it is being spoken
(encode.StreamingEncoder); the measurement of every episode still decides.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..fsutil import write_text_atomic
from ..models import AudioSettings

FILE_NAME = "loudness.json"


def memory_key(engine_identity: dict[str, str], settings: AudioSettings) -> str:
    payload = json.dumps([engine_identity, settings.fingerprint()], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:24]


class LoudnessMemory:
    def __init__(self, cache_root: Path) -> None:
        self.path = cache_root / FILE_NAME

    def _read(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # nothing remembered yet (or unreadable): the two-pass method decides
        return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}

    def gain(self, key: str) -> float | None:
        return self._read().get(key)

    def remember(self, key: str, gain_db: float) -> None:
        data = self._read()
        data[key] = round(gain_db, 3)
        write_text_atomic(self.path, json.dumps(data, sort_keys=True, indent=1))
