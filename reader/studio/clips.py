"""A sentence's clips from the clip cache as one WAV: what a clip URL names.

A URL names the cache keys of a sentence's pieces (a long sentence is cut in pieces at the
script's length cap), so it changes exactly when the sound does. The name is checked to be
only keys before any of it reaches the cache, which makes the path from its key itself.
"""

from __future__ import annotations

import re

import numpy as np

from ..speech.cache import ClipCache, wav_bytes
from ..speech.clip import Clip

_KEYS = re.compile(r"[0-9a-f]{64}(?:_[0-9a-f]{64})*")
_GAP_MS = 120  # between the pieces of one sentence


def sentence_wav(cache: ClipCache, name: str) -> bytes | None:
    """The WAV of the keys in `name` ("KEY_KEY..."); None when it is not such a name or a
    clip is not in the cache."""
    if not _KEYS.fullmatch(name):
        return None
    clips = [cache.get(key) for key in name.split("_")]
    if any(clip is None for clip in clips):
        return None
    return wav_bytes(_joined([clip for clip in clips if clip is not None]))


def _joined(clips: list[Clip]) -> Clip:
    rate = clips[0].sample_rate
    gap = np.zeros(rate * _GAP_MS // 1000, dtype=np.int16)
    parts: list[np.ndarray] = []
    for number, clip in enumerate(clips):
        if number:
            parts.append(gap)
        parts.append(clip.samples)
    return Clip(np.concatenate(parts).astype(np.int16), rate)
