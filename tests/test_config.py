"""reader.toml: a typed, validated config, and `reader init` to start one."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from reader.categories import all_category_names, canonical_category
from reader.config import (
    KNOWN_KEYS,
    AudioSettings,
    Config,
    PublishConfig,
    RunChoice,
    load_config,
    render_docs,
    starter_config,
    write_starter_config,
)
from reader.config.options import all_settings
from reader.errors import ConfigError
from reader.podcast_rules import COVER_MAX_SIDE, COVER_MIN_SIDE, MAX_TEXT_BYTES
from reader.speech.engines import DEFAULT_ENGINE, ENGINES
from tests.conftest import REPO, run_reader

GOOD = """\
[podcast]
title = "Listening Post"
description = "Articles, read aloud."
author = "Ada Writer"
email = "ada@example.com"
base_url = "https://example.com/listen"
language = "en-US"
category = "health & fitness / mental health"
explicit = true

[voice]
engine = "piper"

[audio]
bitrate = "96k"
loudness = -18.0

[cache]
dir = "clips"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reader.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def test_a_good_config_is_typed_and_normalised(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    podcast = config.podcast
    assert podcast is not None
    assert podcast.base_url == "https://example.com/listen/"
    assert podcast.feed_url == "https://example.com/listen/feed.xml"
    assert podcast.category == "Health & Fitness/Mental Health"  # Apple's spelling
    assert podcast.language == "en-US"
    assert podcast.explicit is True
    assert config.audio.bitrate == "96k" and config.audio.loudness_lufs == -18.0
    assert config.cache_dir == tmp_path.resolve() / "clips"


def test_missing_required_keys_are_named_in_one_line_with_what_to_write(tmp_path: Path) -> None:
    text = GOOD.replace('email = "ada@example.com"\n', "").replace('title = "Listening Post"\n',
                                                                   'title = ""\n')
    message = error_for(tmp_path, text)
    assert "[podcast] is missing title, email" in message
    assert 'email = "you@example.com"' in message and "title = " in message


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('explicit = true', 'explict = true', "'explict'; did you mean 'explicit'?"),
        ("[cache]", "[caches]", "unknown table or key 'caches'"),
        ('loudness = -18.0', 'loudness = -18.0\nvolume = 3', "[audio] 'volume'"),
    ],
)
def test_unknown_keys_are_reported(tmp_path: Path, old: str, new: str, named: str) -> None:
    assert named in error_for(tmp_path, GOOD.replace(old, new))


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('category = "health & fitness / mental health"', 'category = "Sciense"',
         "[podcast] category 'Sciense' is not one of Apple's podcast categories; "
         "did you mean 'Science'?"),
        ('category = "health & fitness / mental health"', 'category = "Science/Cooking"',
         "[podcast] category 'Science/Cooking'"),
        ('language = "en-US"', 'language = "english"', "[podcast] language 'english'"),
        ('language = "en-US"', 'language = "xx"', "[podcast] language 'xx'"),
        ('base_url = "https://example.com/listen"', 'base_url = "example.com/listen/"',
         "[podcast] base_url 'example.com/listen/'"),
        ('base_url = "https://example.com/listen"', 'base_url = "ftp://example.com/"',
         "[podcast] base_url"),
        ('email = "ada@example.com"', 'email = "ada at example"', "[podcast] email"),
        ("explicit = true", 'explicit = "no"', "[podcast] explicit must be true or false"),
        ('title = "Listening Post"', "title = 42", "[podcast] title must be a string"),
        ('bitrate = "96k"', 'bitrate = "loud"', "[audio] bitrate"),
        ("loudness = -18.0", 'loudness = "-16"', "[audio] loudness must be a number"),
        ('description = "Articles, read aloud."', f'description = "{"x" * 4001}"',
         "description is 4001 bytes"),
        ('engine = "piper"', 'engine = "festival"',
         "[voice] engine 'festival' is not a speech engine; choose kokoro, piper, gtts or espeak"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, old: str, new: str, named: str) -> None:
    assert named in error_for(tmp_path, GOOD.replace(old, new))


def test_every_pause_is_configurable_and_checked(tmp_path: Path) -> None:
    pauses = (
        "comma_pause_ms = 240\nclause_pause_ms = 380\nlist_pause_ms = 420\n"
        "sentence_pause_ms = 520\nparagraph_pause_ms = 800\nsection_pause_ms = 1500\n"
    )
    audio = load_config(write(tmp_path, GOOD.replace('loudness = -18.0\n', pauses))).audio
    assert (audio.comma_pause_ms, audio.clause_pause_ms, audio.list_pause_ms) == (240, 380, 420)
    assert (audio.sentence_pause_ms, audio.paragraph_pause_ms, audio.section_pause_ms) == (
        520, 800, 1500,
    )  # fmt: skip
    bad = GOOD.replace("loudness = -18.0", 'list_pause_ms = "long"')
    assert "[audio] list_pause_ms must be a number" in error_for(tmp_path, bad)


def test_a_missing_image_file_is_named(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace("explicit = true", 'image = "art.png"'))
    assert "[podcast] image" in message and "art.png" in message


def test_not_toml(tmp_path: Path) -> None:
    assert "not valid TOML" in error_for(tmp_path, "[podcast\n")


def test_apple_categories() -> None:
    names = all_category_names()
    assert len([name for name in names if "/" not in name]) == 19
    assert "Society & Culture/Places & Travel" in names and "True Crime" in names
    assert canonical_category("TV & Film/After Shows") == ("TV & Film", "After Shows")
    assert canonical_category("Technology") == ("Technology", None)
    assert canonical_category("Technology/Gadgets") is None


def test_init_writes_a_starter_that_loads_once_filled(tmp_path: Path) -> None:
    path = tmp_path / "reader.toml"
    write_starter_config(path)
    text = path.read_text(encoding="utf-8")
    assert text.count("# required") == 5
    with pytest.raises(ConfigError, match="missing title, description, author, email, base_url"):
        load_config(path)
    filled = (text.replace('title = ""', 'title = "Mine"')
              .replace('description = ""', 'description = "About it"')
              .replace('author = ""', 'author = "Me"')
              .replace('email = ""', 'email = "me@example.org"')
              .replace('base_url = ""', 'base_url = "https://example.org/pod/"'))
    path.write_text(filled, encoding="utf-8")
    config = load_config(path)
    assert config.podcast is not None and config.podcast.title == "Mine"
    assert config.audio.engine == DEFAULT_ENGINE == "kokoro"  # the natural voice
    # What the starter writes out is what leaving a key out means.
    assert (config.podcast.language, config.podcast.category) == ("en", "Technology")
    assert (config.podcast.explicit, config.podcast.image, config.podcast.type) == (
        False, None, "episodic")
    assert (config.audio, config.run, config.publish) == (
        AudioSettings(), RunChoice(), PublishConfig())
    assert (config.cache_dir, config.articles) == (None, Path("articles"))


def test_the_starter_states_the_limits_and_engines_the_code_enforces(tmp_path: Path) -> None:
    path = tmp_path / "reader.toml"
    write_starter_config(path)
    text = path.read_text(encoding="utf-8")
    assert f"at most {MAX_TEXT_BYTES} bytes" in text
    assert f"{COVER_MIN_SIDE}-{COVER_MAX_SIDE} px" in text
    engine = re.escape(f'engine = "{DEFAULT_ENGINE}"')
    assert re.search(rf'^{engine} +# {re.escape(" | ".join(ENGINES))};', text, re.MULTILINE)


def test_every_key_is_declared_once_and_its_example_is_a_good_value(tmp_path: Path) -> None:
    """Each key's example (as messages, the starter and the docs show it) loads, and the
    unknown-key check knows every declared key and nothing else."""
    for name in ("cover.jpg", "intro.wav", "outro.wav"):
        (tmp_path / name).write_bytes(b"x")  # the file checks look only for the file
    required = {"title": '"T"', "description": '"D"', "author": '"A"',
                "email": '"a@example.org"', "base_url": '"https://example.org/"'}
    names = []
    for _, declared in all_settings(Config):
        names.append(declared.name)
        assert declared.help and declared.example, declared.name
        tables: dict[str, dict[str, str]] = {"podcast": dict(required)}
        tables.setdefault(declared.table, {})[declared.key] = declared.example
        text = "".join(f"[{table}]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items())
                       for table, keys in tables.items())
        load_config(write(tmp_path, text))
        wrong_type = '"x"' if declared.kind.accepts(1) or declared.kind.accepts(True) else "1"
        bad = text.replace(f"{declared.key} = {declared.example}\n",
                           f"{declared.key} = {wrong_type}\n")
        assert error_for(tmp_path, bad).startswith(f"{tmp_path / 'reader.toml'}: "
                                                   f"{declared.name} must be ")
    assert len(names) == len(set(names))
    assert sorted(names) == sorted(f"[{t}] {k}" for t, keys in KNOWN_KEYS.items() for k in keys)


def test_docs_configuration_md_is_the_schema_as_it_is() -> None:
    page = REPO / "docs" / "configuration.md"
    assert page.read_text(encoding="utf-8") == render_docs(), (
        "docs/configuration.md differs from reader/config/schema.py: run `make docs`"
    )


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "reader.toml"
    path.write_text("# mine\n")
    with pytest.raises(ConfigError, match="already exists"):
        write_starter_config(path)
    assert path.read_text() == "# mine\n"
    assert [p.name for p in tmp_path.iterdir()] == ["reader.toml"]  # no temporary left


def test_init_command(tmp_path: Path) -> None:
    """In a folder that is no site generator's: the plain starter, as open() would make it."""
    result = run_reader("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "wrote reader.toml; edit the [podcast] section, then run `reader build`\n"
    )
    written = tmp_path / "reader.toml"
    assert written.read_text(encoding="utf-8") == starter_config()
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~umask  # as open() would make it
    assert [p.name for p in tmp_path.iterdir()] == ["reader.toml"]


def test_init_command_over_an_existing_file_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "reader.toml").write_text("# mine\n")
    result = run_reader("init", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: reader.toml: already exists; edit it, or remove it to start again"
    )
