"""The author's own files as the studio changes them: lexicon.toml and reader.toml.

Both are edited with tomlkit, which keeps every comment, blank line and the order of the
entries; a word or a voice is set as a TOML key and string by tomlkit, never spliced into
the text. The new text is checked by the project's own loaders before it is written, and
written atomically (reader.fsutil), so a crash in the middle of a save leaves the previous
file, and a save never leaves a file the next build would refuse.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..config import config_from_dict
from ..config.edit import set_entry
from ..errors import ConfigError
from ..fsutil import write_text_atomic
from ..speech.lexicon import load_lexicon, parse_lexicon

# What lexicon.toml's tables hold (reader.speech.lexicon): a respelling any engine says, or
# IPA for the engines that read phonemes.
RESPELLING, IPA = "words", "ipa"


@dataclass(frozen=True)
class LexiconChange:
    """One entry set (or removed) in lexicon.toml, with what it replaced: enough to undo."""

    table: str  # RESPELLING or IPA
    word: str
    before: str | None  # None: the word had no entry in that table
    after: str | None
    # The file's text before and after (None: there was no file): an undo while the file is
    # still as this change left it puts back exactly what was there.
    text_before: str | None = None
    text_after: str = ""


def set_lexicon_entry(path: Path, table: str, word: str, value: str | None) -> LexiconChange:
    """Set `word` in the lexicon's `table` to `value` (None removes it); returns the change."""
    load_lexicon(path)  # a broken lexicon is reported (ConfigError naming it), never rewritten
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    text, before = set_entry(old or "", table, word, value)
    parse_lexicon(text, path)  # as the build will read it (its rules: no [ or ], ...)
    write_text_atomic(path, text)
    return LexiconChange(table, word, before, value, old, text)


def undo_lexicon_change(path: Path, change: LexiconChange) -> LexiconChange:
    """Put back what `change` replaced: the whole file as it was when nothing else changed it
    since, else that one entry. Returns the change the undo made."""
    now = path.read_text(encoding="utf-8") if path.is_file() else None
    if now != change.text_after:
        return set_lexicon_entry(path, change.table, change.word, change.before)
    if change.text_before is None:
        path.unlink()  # there was no lexicon
    else:
        write_text_atomic(path, change.text_before)
    return LexiconChange(change.table, change.word, change.after, change.before,
                         now, change.text_before or "")


def set_voice(config_path: Path, voice: str) -> None:
    """reader.toml's [voice] voice, keeping the file's comments; checked as the loader
    checks it before anything is written."""
    old = config_path.read_text(encoding="utf-8") if config_path.is_file() else ""
    text, _ = set_entry(old, "voice", "voice", voice)
    try:
        config_from_dict(tomllib.loads(text), config_path)
    except tomllib.TOMLDecodeError as exc:  # cannot happen from tomlkit; said plainly if so
        raise ConfigError(f"not valid TOML: {exc}", path=config_path) from exc
    write_text_atomic(config_path, text)
