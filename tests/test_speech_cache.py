"""The clip cache: keyed by everything that shapes a clip's sound, written atomically."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from reader.speech.cache import ClipCache, clip_key, default_cache_dir
from reader.speech.clip import Clip

IDENTITY = {"engine": "piper", "voice": "en_US-joe-medium", "sample_rate": "22050"}


def test_a_clip_comes_back_sample_for_sample(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    clip = Clip(np.array([0, 1000, -1000, 32767, -32768], dtype=np.int16), 22050)
    key = clip_key(IDENTITY, "Hello.")
    assert not cache.has(key)
    cache.put(key, clip)
    back = cache.get(key)
    assert back is not None and back.sample_rate == 22050
    assert np.array_equal(back.samples, clip.samples)
    # Only the finished file is left: no temporary files beside it.
    assert [p.name for p in cache.path_for(key).parent.iterdir()] == [f"{key}.wav"]


def test_the_key_changes_with_text_voice_and_settings() -> None:
    base = clip_key(IDENTITY, "Hello.")
    assert clip_key(IDENTITY, "Hello!") != base
    assert clip_key({**IDENTITY, "voice": "other"}, "Hello.") != base
    assert clip_key({**IDENTITY, "sample_rate": "16000"}, "Hello.") != base
    assert clip_key(dict(IDENTITY), "Hello.") == base


def test_an_unreadable_clip_counts_as_missing(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    key = clip_key(IDENTITY, "Broken.")
    cache.path_for(key).parent.mkdir(parents=True)
    cache.path_for(key).write_bytes(b"not a wav")
    assert cache.get(key) is None


def test_a_clip_cut_short_counts_as_missing(tmp_path: Path) -> None:
    """Clips are not fsynced (that would slow the engine down): a power cut may leave one
    with its header but not all its samples, and it must be spoken again, not played short."""
    cache = ClipCache(tmp_path)
    key = clip_key(IDENTITY, "Cut short.")
    cache.put(key, Clip(np.ones(1000, dtype=np.int16), 22050))
    path = cache.path_for(key)
    path.write_bytes(path.read_bytes()[:-100])
    assert cache.get(key) is None


def test_the_cache_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("READER_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("READER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "read-or-listen"
