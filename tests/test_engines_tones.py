"""`tones`, the test engine: deterministic, speech-like lengths, and hidden from users
unless READER_TEST_ENGINES=1 (which this suite's conftest sets)."""

from __future__ import annotations

import os

import numpy as np
import pytest

from reader.errors import ConfigError
from reader.speech.engines import TEST_ENGINES_ENV, create_engine, describe_engines
from reader.speech.engines.tones import ToneEngine
from tests.conftest import run_reader


def test_the_same_text_gives_the_same_tone_and_another_text_another() -> None:
    engine = ToneEngine()
    one, again, other = (engine.synthesize(t) for t in ("Hello there.", "Hello there.", "Hi."))
    assert np.array_equal(one.samples, again.samples)
    assert not np.array_equal(one.samples[: len(other.samples)], other.samples)


def test_a_tone_lasts_about_as_long_as_the_text_would_take_to_say() -> None:
    engine = ToneEngine()
    short = engine.synthesize("Yes.")
    sentence = engine.synthesize("A sentence of about sixty characters, as an article has them.")
    assert 250 <= short.duration_ms <= 500
    assert 3000 <= sentence.duration_ms <= 5000  # Piper says it in about four seconds
    assert short.sample_rate == 22050 and 3000 < int(np.abs(sentence.samples).max()) < 32767


def test_tones_is_offered_only_when_the_environment_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert isinstance(create_engine("tones"), ToneEngine)  # this suite asks
    monkeypatch.delenv(TEST_ENGINES_ENV)
    with pytest.raises(ConfigError, match="unknown speech engine 'tones'"):
        create_engine("tones")
    assert not any(line.startswith("tones") for line in describe_engines())


def test_reader_voices_never_shows_tones_to_a_user() -> None:
    env = {k: v for k, v in os.environ.items() if k != TEST_ENGINES_ENV}
    result = run_reader("voices", env=env, check=True)
    assert "tones" not in result.stdout and "piper" in result.stdout
