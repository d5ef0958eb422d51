"""The clip cache: one small WAV per spoken piece, addressed by what makes its sound.

Key = sha256 of the engine's identity (engine, voice, model, settings, sample rate) and the
text after the lexicon is applied. So a build killed half-way resumes from the clips it
already wrote, and editing one paragraph re-synthesises only that paragraph's pieces.
Clips are written atomically: a kill leaves either a whole clip or none.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import wave
from pathlib import Path

import numpy as np

from ..fsutil import write_bytes_atomic
from .clip import Clip

APP_NAME = "read-or-listen"
CACHE_ENV = "READER_CACHE_DIR"


def default_cache_dir() -> Path:
    """$READER_CACHE_DIR, else the user's cache folder ($XDG_CACHE_HOME/read-or-listen)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def clip_key(identity: dict[str, str], text: str) -> str:
    payload = json.dumps({"identity": identity, "text": text}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ClipCache:
    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or default_cache_dir()) / "clips"

    @property
    def scratch(self) -> Path:
        """Where an episode's working files (its assembled WAV) go: on the cache's disk, not
        in /tmp (often RAM) nor in the published output folder, where a killed run would
        leave them behind."""
        path = self.root.parent / "work"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def path_for(self, key: str) -> Path:
        # Two-character fan-out keeps folders small for long blogs.
        return self.root / key[:2] / f"{key}.wav"

    def has(self, key: str) -> bool:
        return self.path_for(key).is_file()

    def get(self, key: str) -> Clip | None:
        path = self.path_for(key)
        try:
            return read_wav(path)
        except (OSError, wave.Error, EOFError):
            return None  # missing or unreadable: synthesise again

    def discard(self, key: str) -> None:
        """Forget a clip (one found damaged): the next run speaks it again."""
        self.path_for(key).unlink(missing_ok=True)

    def put(self, key: str, clip: Clip) -> None:
        # Not durable: an fsync per clip would cost the engine 1.5 ms a piece, and a clip
        # damaged by a power cut fails read_wav's checks and is simply spoken again.
        write_bytes_atomic(self.path_for(key), wav_bytes(clip), durable=False)


def wav_bytes(clip: Clip) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(clip.sample_rate)
        out.writeframes(clip.samples.astype("<i2").tobytes())
    return buffer.getvalue()


def read_wav(path: Path) -> Clip:
    with wave.open(str(path), "rb") as source:
        if source.getnchannels() != 1 or source.getsampwidth() != 2:
            raise wave.Error(f"{path}: not mono 16-bit")
        frames = source.readframes(source.getnframes())
        if len(frames) != source.getnframes() * 2:
            raise wave.Error(f"{path}: shorter than its header says")
        return Clip(
            samples=np.frombuffer(frames, dtype="<i2").astype(np.int16),
            sample_rate=source.getframerate(),
        )
