"""`reader words`: the words the voice will guess, how it will say them, and lexicon stubs."""

from __future__ import annotations

import subprocess
import tomllib
import wave
from pathlib import Path

import pytest

from reader.speech.engines.piper import PiperEngine
from reader.speech.lexicon import load_lexicon
from reader.words import guessed_words

from .conftest import REPO, run_reader, write_article

BODY = """\
    Olga Klimecki studies empathy. In Klimecki's lab the ventral striatum lights up when
    people feel compassion, and the orbitofrontal cortex too. Klimecki booked a couchette
    on the night train to Vienna. The people in the study were kind to each other.
"""


def run_words(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_reader("words", *args, cwd=cwd)


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    write_article(tmp_path / "articles", "2026-01-05-empathy.md", BODY, title="Feeling With")
    return tmp_path


def listed(stdout: str) -> list[str]:
    return [line.split()[0] for line in stdout.splitlines() if "x  " in line]


def test_rare_words_and_names_most_frequent_first_with_their_phonemes(blog: Path) -> None:
    report = guessed_words(blog / "articles", config_path=blog / "reader.toml")
    words = [w.word for w in report.words]
    assert words[0] == "Klimecki"  # three times (once as "Klimecki's")
    assert {"striatum", "orbitofrontal", "couchette", "Olga"} <= set(words)
    assert not {"people", "empathy", "the", "compassion", "kind", "lights"} & set(words)
    klimecki = report.words[0]
    assert (klimecki.count, klimecki.phonemes) == (3, "klˈaɪmki")  # how the voice will guess it
    assert klimecki.articles == ("empathy",)


def test_the_sample_articles_list_the_names_in_them() -> None:
    result = run_words(REPO / "articles", "--config", REPO / "no-such.toml")
    assert result.returncode == 0, result.stderr
    assert {"Lindqvist", "Okafor", "Arkwright"} <= set(listed(result.stdout))


def test_a_stub_filled_in_changes_the_phonemes_the_voice_receives(blog: Path) -> None:
    lexicon_path = blog / "lexicon.toml"
    lexicon_path.write_text('[ipa]\nSQL = "ˈsiːkwəl"\n\n[words]\nnginx = "engine x"\n',
                            encoding="utf-8")  # fmt: skip
    result = run_words(blog / "articles", "--stubs", "--config", blog / "reader.toml")
    assert result.returncode == 0, result.stderr
    text = lexicon_path.read_text(encoding="utf-8")
    assert '# Klimecki = "klˈaɪmki"' in text
    assert load_lexicon(lexicon_path).ipa == {"SQL": "ˈsiːkwəl"}  # valid, and nothing changed yet

    engine = PiperEngine()
    sentence = "Olga Klimecki studies empathy."
    before = engine.phonemes(load_lexicon(lexicon_path).apply(sentence, speaks_ipa=True))
    # The author fills in the stub, as its comment says.
    filled = text.replace('# Klimecki = "klˈaɪmki"', 'Klimecki = "klɪˈmɛtski"')
    lexicon_path.write_text(filled, encoding="utf-8")
    after = engine.phonemes(load_lexicon(lexicon_path).apply(sentence, speaks_ipa=True))

    assert "klˈaɪmki" in before and "klɪˈmɛtski" not in before
    assert "klɪˈmɛtski" in after and "klˈaɪmki" not in after
    assert tomllib.loads(filled)["words"] == {"nginx": "engine x"}  # the table after [ipa]
    again = run_words(blog / "articles", "--stubs", "--config", blog / "reader.toml")
    assert "Klimecki" not in listed(again.stdout)  # the lexicon says how now
    assert lexicon_path.read_text(encoding="utf-8").count("striatum =") == 1  # no second stub


def test_stubs_go_into_a_new_ipa_table_when_there_is_none(blog: Path) -> None:
    report = guessed_words(blog / "articles", config_path=blog / "reader.toml", stubs=True)
    assert "striatum" in report.stubs_added
    text = (blog / "lexicon.toml").read_text(encoding="utf-8")
    assert text.lstrip().startswith("[ipa]") and "# striatum = " in text
    assert load_lexicon(blog / "lexicon.toml").ipa == {}


def test_samples_are_the_voice_saying_each_word(tmp_path: Path) -> None:
    # One guessed word: the default voice (Kokoro) speaks each sample, at about real time on
    # an ordinary CPU (the suite's budget, tests/synthesis_budget.py).
    write_article(tmp_path / "articles", "2026-01-05-lab.md", "Klimecki studies empathy.\n",
                  title="Lab")
    report = guessed_words(tmp_path / "articles", config_path=tmp_path / "x.toml",
                           samples=tmp_path / "samples")
    assert [word.word for word in report.words] == ["Klimecki"]
    assert [path.name for path in (tmp_path / "samples").iterdir()] == ["Klimecki.wav"]
    with wave.open(str(tmp_path / "samples" / "Klimecki.wav")) as wav:
        assert wav.getnchannels() == 1 and wav.getnframes() > 0.3 * wav.getframerate()


def test_a_broken_article_is_reported_and_the_others_still_listed(blog: Path) -> None:
    (blog / "articles" / "2026-01-06-broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n")
    result = run_words(blog / "articles", "--config", blog / "reader.toml")
    assert result.returncode == 2
    assert "Klimecki" in listed(result.stdout)
    [error] = result.stderr.strip().splitlines()
    assert error.startswith("error: ") and "2026-01-06-broken.md" in error


def test_a_missing_article_is_one_line_and_status_2(tmp_path: Path) -> None:
    result = run_words(tmp_path / "nope.md")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"error: {tmp_path / 'nope.md'}: no such "
                                                  "article or folder"]  # fmt: skip
