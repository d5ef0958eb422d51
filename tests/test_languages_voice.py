"""Each article is read by a voice that speaks its language: the podcast's engine where it
can, else the language's offline Kokoro voice, else one line naming the language. The real
Kokoro run that speaks a French sentence is in tests/test_engines_kokoro.py (one `reader`
process proves the French voice, offline, from a cold cache: real voices are a budget)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.config import AudioSettings, Config, audio_settings_for, load_config
from reader.errors import ConfigError, EngineError, UserError
from reader.models import ArticleMeta
from reader.speech.engines import create_engine
from reader.speech.engines.kokoro import KokoroEngine, default_voice


def _meta(lang: str | None, **front: str) -> ArticleMeta:
    return ArticleMeta(title="T", slug="t", date=dt.date(2024, 5, 3), source=Path("t.md"),
                       lang=lang, **front)  # type: ignore[arg-type]  # fmt: skip


def _config(
    engine: str, voice: str | None = None, voices: tuple[tuple[str, str], ...] = ()
) -> Config:
    return Config(root=Path("."), audio=AudioSettings(engine=engine, voice=voice, voices=voices))


def _chosen(config: Config, lang: str | None, **front: str) -> tuple[str, str | None]:
    settings = audio_settings_for(config, _meta(lang, **front))
    return settings.engine, settings.voice


@pytest.mark.parametrize(
    ("lang", "voice"),
    [("fr", "ff_siwis"), ("es", "ef_dora"), ("it", "if_sara"), ("pt-BR", "pf_dora"),
     ("hi", "hf_alpha")],
)  # fmt: skip
def test_piper_keeps_english_and_each_other_language_gets_its_kokoro_voice(
    lang: str, voice: str
) -> None:
    piper = _config("piper")
    assert _chosen(piper, "en") == ("piper", None)
    engine, named = _chosen(piper, lang)
    assert engine == "kokoro"
    spoken_by = create_engine(engine, named, lang)
    assert isinstance(spoken_by, KokoroEngine) and spoken_by.voice.name == voice
    assert default_voice(lang) == voice  # Kokoro's default is the language module's


def test_kokoros_english_voice_is_not_asked_to_read_french() -> None:
    assert _chosen(_config("kokoro", "af_heart"), "fr") == ("kokoro", None)
    assert _chosen(_config("kokoro", "af_heart"), "en-GB") == ("kokoro", "af_heart")


def test_a_language_without_an_offline_voice_needs_an_online_engine() -> None:
    said = r"no offline voice speaks 'de' with the engine 'piper': .*\[voice\] voices = \{ de"
    with pytest.raises(UserError, match=said):
        _chosen(_config("piper"), "de")
    assert _chosen(_config("gtts"), "de") == ("gtts", None)
    assert _chosen(_config("gtts", "en"), "de") == ("gtts", None)  # not the English voice


def test_an_engine_named_in_front_matter_is_obeyed_and_refuses_a_language() -> None:
    assert _chosen(_config("kokoro"), "fr", engine="piper") == ("piper", None)
    with pytest.raises(EngineError, match="speaks en_US, not the article's language 'fr'"):
        create_engine("piper", None, "fr")


def test_a_french_article_gets_french_phonemes() -> None:
    # espeak-ng's French phonemes: the nasal vowel of "ans", not an English "ænz". Kokoro
    # speaking a French article in French, tagged French: tests/test_engines_kokoro.py.
    assert "ɑ̃" in KokoroEngine(lang="fr").phonemes("douze ans")


def test_reader_toml_chooses_a_voice_or_an_engine_per_language(tmp_path: Path) -> None:
    path = tmp_path / "reader.toml"
    path.write_text('[voice]\nengine = "piper"\nvoices = { es = "em_alex", de = "gtts", '
                    'pt-br = "kokoro:pm_santa" }\n', encoding="utf-8")  # fmt: skip
    config = load_config(path)
    assert _chosen(config, "es") == ("kokoro", "em_alex")  # a Kokoro voice: Kokoro speaks
    assert _chosen(config, "es-MX") == ("kokoro", "em_alex")
    assert _chosen(config, "de") == ("gtts", None)
    assert _chosen(config, "pt-BR") == ("kokoro", "pm_santa")
    assert _chosen(config, "fr") == ("kokoro", "ff_siwis")  # not chosen: the default
    assert _chosen(config, "en") == ("piper", None)
    path.write_text('[voice]\nvoices = { fr = "nope:x" }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[voice\] voices 'nope' is not a speech engine"):
        load_config(path)
    path.write_text('[voice]\nvoices = { french = "ff_siwis" }\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[voice\] voices 'french' is not an ISO 639"):
        load_config(path)
