"""`[voice] quote_voice`: block quotations read by a second voice of the same engine. Off by
default; the other clips, the cues (so the read-along) and the transcript stay as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import AudioSettings, load_config
from reader.config.load import audio_settings_for
from reader.episode.assemble import Piece, plan_pieces
from reader.errors import EngineError
from reader.load import load_article
from reader.models import Script
from reader.run.jobs import episode_speech
from reader.script import make_script
from reader.speech.cache import ClipCache
from reader.speech.lexicon import Lexicon
from reader.speech.plan import SpeechPlan
from tests.conftest import write_article, write_config
from tests.voice_episode import QUOTATION, VoiceEpisode

BODY = """\
    He opened the old book and read:

    > Time is short, and the road is long.

    Then he closed it again.
"""


def _pieces(tmp_path: Path) -> tuple[Script, list[Piece]]:
    article = write_article(tmp_path / "articles", "quote.md", BODY, title="A Quote")
    script = make_script(load_article(article))
    return script, plan_pieces(script, AudioSettings(engine="tones"))


def test_a_block_quotation_is_marked_from_the_article_to_its_pieces(tmp_path: Path) -> None:
    script, pieces = _pieces(tmp_path)
    [section] = script.sections
    assert section.quotes == frozenset({1})
    assert [(p.spoken, p.quote) for p in pieces if p.section == 0] == [
        ("He opened the old book and read:", False),
        ("Time is short, and the road is long.", True),
        ("Then he closed it again.", False),
    ]


def _plan(settings: AudioSettings, pieces: list[Piece], tmp_path: Path) -> SpeechPlan:
    return episode_speech(
        [p.spoken for p in pieces], [p.quote for p in pieces], settings, "en", Lexicon(),
        ClipCache(tmp_path / "cache"),
    )  # fmt: skip


def test_only_the_quotation_changes_voice_and_clip(tmp_path: Path) -> None:
    _, pieces = _pieces(tmp_path)
    plain = _plan(AudioSettings(engine="tones"), pieces, tmp_path)
    quoted = _plan(AudioSettings(engine="tones", quote_voice="second"), pieces, tmp_path)
    changed = [i for i, (a, b) in enumerate(zip(plain.jobs, quoted.jobs, strict=True))
               if a.key != b.key]
    assert changed == [i for i, p in enumerate(pieces) if p.quote] and len(changed) == 1
    job = quoted.jobs[changed[0]]
    assert quoted.spec_for(job).voice == "second" and quoted.spec_for(job).name == "tones"
    assert quoted.identity == plain.identity  # the episode's own voice keys its loudness


def test_it_is_off_by_default_and_changes_the_episodes_only_when_set() -> None:
    assert AudioSettings().quote_voice is None
    assert AudioSettings(quote_voice="bm_george").fingerprint() != AudioSettings().fingerprint()


def test_it_follows_reader_toml_s_engine_only(tmp_path: Path) -> None:
    # write_config's extra lines go into its [voice] table.
    config = load_config(write_config(tmp_path, engine="kokoro",
                                      extra='quote_voice = "bm_george"\n'))
    assert config.audio.quote_voice == "bm_george"
    meta = load_article(write_article(tmp_path / "a", "a.md", "Words.\n", title="A")).meta
    assert audio_settings_for(config, meta).quote_voice == "bm_george"
    # Another engine for this run: a Kokoro voice would not fit Piper.
    assert audio_settings_for(config, meta, engine="piper").quote_voice is None
    # A French article: an English second voice does not read its quotations.
    french = load_article(write_article(tmp_path / "f", "f.md", "Des mots.\n", title="F",
                                        lang="fr")).meta
    assert audio_settings_for(config, french).quote_voice is None


def test_an_unknown_quote_voice_is_one_line_before_any_speech(tmp_path: Path) -> None:
    _, pieces = _pieces(tmp_path)
    settings = AudioSettings(engine="kokoro", quote_voice="af_nobody")
    with pytest.raises(EngineError, match="unknown Kokoro voice 'af_nobody'"):
        _plan(settings, pieces, tmp_path)


def test_kokoro_reads_the_quotation_in_the_second_voice(
    tmp_path: Path, kokoro_episode: VoiceEpisode
) -> None:
    """Real voices: the short Kokoro episode again with a second voice for quotations. The
    episode is made, its cues are those of the one-voice episode, and the quotation's clip
    is another voice's."""
    from reader.builder.speak import make_episode

    one = kokoro_episode.episode
    two = make_episode(kokoro_episode.script, tmp_path / "two.mp3",
                       AudioSettings(engine="kokoro", quote_voice="bm_george"),
                       cache_dir=kokoro_episode.cache)  # fmt: skip
    assert two.synthesized == 1  # only the quotation: every other clip came from the cache
    assert [c.text for c in two.cues] == [c.text for c in one.cues]
    assert [c.source for c in two.cues] == [c.source for c in one.cues]
    # Every clip is the same but the quotation's, spoken by another voice at its own pace.
    lengths = [(a.end_ms - a.start_ms, b.end_ms - b.start_ms)
               for a, b in zip(one.cues, two.cues, strict=True)]
    differ = [cue.text for cue, (a, b) in zip(one.cues, lengths, strict=True) if a != b]
    assert differ == [QUOTATION]
