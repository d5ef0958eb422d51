"""The pronunciation lexicon: whole words, documented case rules, IPA only where it is spoken."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ConfigError
from reader.speech.lexicon import Lexicon, load_lexicon

LEXICON = Lexicon(
    words={"nginx": "engine x", "US": "U S", "New York": "Noo York", "York": "Yawk",
           "Klimecki": "Klee-mets-key"},
    ipa={"Klimecki": "klɪˈmɛtski"},
)  # fmt: skip


def test_lowercase_entries_match_any_case_but_only_whole_words() -> None:
    said = LEXICON.apply("Nginx, NGINX and nginx's config; not nginxconf.", speaks_ipa=False)
    assert said == "engine x, engine x and engine x's config; not nginxconf."


def test_entries_with_capitals_match_only_that_spelling() -> None:
    assert LEXICON.apply("Tell us about the US.", speaks_ipa=False) == "Tell us about the U S."


def test_longer_entries_win() -> None:
    assert LEXICON.apply("New York, not York.", speaks_ipa=False) == "Noo York, not Yawk."


def test_ipa_goes_to_engines_that_speak_phonemes_and_respelling_to_the_rest() -> None:
    assert LEXICON.apply("Ask Klimecki.", speaks_ipa=True) == "Ask [[ klɪˈmɛtski ]]."
    assert LEXICON.apply("Ask Klimecki.", speaks_ipa=False) == "Ask Klee-mets-key."
    ipa_only = Lexicon(ipa={"Klimecki": "klɪˈmɛtski"})
    assert ipa_only.apply("Ask Klimecki.", speaks_ipa=False) == "Ask Klimecki."


def test_a_missing_file_is_no_lexicon(tmp_path: Path) -> None:
    assert load_lexicon(tmp_path / "lexicon.toml") == Lexicon()
    assert load_lexicon(None) == Lexicon()


def test_a_file_is_read_from_its_two_tables(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text('[words]\nnginx = "engine x"\n\n[ipa]\nKlimecki = "klɪˈmɛtski"\n', "utf-8")
    assert load_lexicon(path) == Lexicon({"nginx": "engine x"}, {"Klimecki": "klɪˈmɛtski"})


@pytest.mark.parametrize(
    "text",
    ['[words]\nnginx = "engine x', '[word]\nnginx = "engine x"\n', "[words]\nnginx = 3\n",
     '[ipa]\nx = "[[ a ]]"\n'],
)  # fmt: skip
def test_a_bad_file_is_a_config_error_naming_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError, match="lexicon.toml"):
        load_lexicon(path)
