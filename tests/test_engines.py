"""Engines behind one interface: Piper (the fast one, offline), espeak-ng when installed,
and the registry `reader voices` reads. Kokoro, the default, has test_engines_kokoro.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import ConfigError, EngineError
from reader.speech.engines import create_engine, describe_engines, gain_hint
from reader.speech.engines import piper as piper_engine
from reader.speech.engines.espeak import EspeakEngine
from reader.speech.engines.piper import DEFAULT_VOICE, PiperEngine
from tests.conftest import run_reader


def test_piper_speaks_the_packaged_voice_offline() -> None:
    engine = create_engine("piper")
    assert isinstance(engine, PiperEngine) and engine.voice_name == DEFAULT_VOICE
    clip = engine.synthesize("A short test sentence.")
    assert clip.sample_rate == 22050
    assert 800 < clip.duration_ms < 4000
    # normalize_audio=False: Piper's own level, not every sentence pushed to full scale.
    assert 3000 < abs(clip.samples.astype(int)).max() < 32767


def test_piper_loads_each_voice_once_per_process() -> None:
    engine = PiperEngine()
    engine.synthesize("One.")
    loaded = piper_engine.load_voice(engine.model, engine.config_path)
    engine.synthesize("Two.")
    assert piper_engine.load_voice(engine.model, engine.config_path) is loaded
    assert loaded.session.get_session_options().inter_op_num_threads == 1


def test_piper_speaks_ipa_from_the_lexicon() -> None:
    engine = PiperEngine()
    assert engine.speaks_ipa
    clip = engine.synthesize("Ask [[ klɪˈmɛtski ]] today.")
    assert clip.duration_ms > 800


def test_piper_accepts_a_path_to_an_onnx_voice(tmp_path: Path) -> None:
    model, config = piper_engine.packaged_voice_paths()
    (tmp_path / "voice.onnx").symlink_to(model)
    (tmp_path / "voice.onnx.json").symlink_to(config)
    engine = PiperEngine(str(tmp_path / "voice.onnx"))
    assert engine.identity()["voice"] != DEFAULT_VOICE  # keyed by the file's content


def test_piper_names_a_missing_or_unknown_voice() -> None:
    with pytest.raises(EngineError, match="missing.onnx"):
        PiperEngine("/nowhere/missing.onnx")
    with pytest.raises(EngineError, match="unknown Piper voice 'en_GB-nobody'"):
        PiperEngine("en_GB-nobody")


def test_an_unknown_engine_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="choose one of kokoro, piper, gtts, espeak"):
        create_engine("festival")


@pytest.mark.skipif(shutil.which("espeak-ng") is not None, reason="espeak-ng is installed")
def test_espeak_says_clearly_that_it_is_not_installed() -> None:
    with pytest.raises(EngineError, match="espeak-ng program is not installed"):
        EspeakEngine().synthesize("Hello.")
    assert not EspeakEngine.describe().works_here


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_speaks_when_installed() -> None:
    clip = EspeakEngine("en").synthesize("Hello there.")
    assert clip.duration_ms > 300


def test_voices_lists_every_engine_and_whether_it_works_here() -> None:
    lines = describe_engines()  # also offline: gtts's probe gives up, it does not hang
    text = "\n".join(lines)
    assert "kokoro (default engine): works here: yes" in text
    assert "piper: works here: yes" in text
    assert DEFAULT_VOICE in text
    assert "gtts: works here:" in text and "needs network" in text
    assert "espeak: works here:" in text


def test_reader_voices_runs_as_a_command() -> None:
    result = run_reader("voices", check=True)
    assert result.stdout.startswith("kokoro (default engine)")
    assert "\npiper: works here: yes" in result.stdout


def test_every_registered_engine_is_its_named_class_and_naming_one_imports_none() -> None:
    """The registry names each engine's class by where it lives; each entry resolves to an
    Engine whose name is its key, and checking names (every start-up) loads no engine."""
    from reader.speech.engines import ENGINES, TEST_ENGINES, engine_class
    from reader.speech.engines.base import Engine

    for name in {**ENGINES, **TEST_ENGINES}:
        engine_type = engine_class(name)
        assert issubclass(engine_type, Engine) and engine_type.name == name
    code = ("import sys; from reader.config import load_config; from reader.cli import app; "
            "from reader.speech.engines import check_engine; check_engine('kokoro'); "
            "print(sorted(m for m in sys.modules if m.startswith('reader.speech.engines.')"
            " or m == 'numpy'))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, timeout=60).stdout
    assert shown.strip() == "[]"


def test_a_voice_measured_in_advance_hands_its_gain_to_the_first_episode() -> None:
    """Piper's packaged voice was measured at +15 dB to reach -16 LUFS (engines/piper.py):
    the registry hands that to the episode stage; an unmeasured voice or engine has none."""
    assert gain_hint({"engine": "piper", "voice": DEFAULT_VOICE}) == 15.0
    assert gain_hint({"engine": "piper", "voice": "/somewhere/else.onnx"}) is None
    assert gain_hint({"engine": "no-such-engine", "voice": DEFAULT_VOICE}) is None
