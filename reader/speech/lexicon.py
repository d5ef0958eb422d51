"""The pronunciation lexicon: lexicon.toml beside reader.toml.

    [words]              # respellings, spoken by every engine
    nginx = "engine x"
    SQL = "sequel"

    [ipa]                # IPA, spoken directly by engines that accept phonemes (Kokoro, Piper)
    Klimecki = "klɪˈmɛtski"

Rules:
- Whole words only: "nginx" changes "nginx" and "nginx's" but not "nginxconf".
- Case: an all-lowercase entry matches the word in any case ("nginx" matches "Nginx" and
  "NGINX"); an entry with any capital letter matches only that exact spelling ("US" changes
  "US" but not "us").
- When a word has both, engines that speak IPA use [ipa]; others use [words]; with only an
  [ipa] entry, those others say the word as written.
- Longer entries win over shorter ones, so "New York" can be listed beside "York".
- Piper speaks IPA given as "[[ phonemes ]]"; Kokoro is handed the IPA as phonemes.
  espeak-ng's "[[ ]]" takes its own phoneme mnemonics, not IPA, so espeak uses the
  respelling.
A missing file means no lexicon; a file that is not valid raises ConfigError naming it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, str] = field(default_factory=dict)
    ipa: dict[str, str] = field(default_factory=dict)

    def apply(self, text: str, *, speaks_ipa: bool) -> str:
        """`text` with every listed word replaced by how the engine should say it."""
        table: dict[str, str] = dict(self.words)
        if speaks_ipa:
            table.update({word: f"[[ {phonemes} ]]" for word, phonemes in self.ipa.items()})
        if not table:
            return text
        return _pattern(tuple(sorted(table))).sub(lambda m: _replacement(m, table), text)

    def fingerprint(self) -> str:
        return repr((sorted(self.words.items()), sorted(self.ipa.items())))


def _replacement(match: re.Match[str], table: dict[str, str]) -> str:
    spoken = match.group(0)
    if spoken in table:
        return table[spoken]
    lowered = spoken.lower()
    if lowered in table and _is_case_free(lowered):
        return table[lowered]
    return spoken


def _is_case_free(entry: str) -> bool:
    return entry == entry.lower()


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern(entries: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for all entries: longest first, bounded by non-word characters.

    Case-free entries match case-insensitively; _replacement then keeps the case rules.
    """
    if entries not in _PATTERNS:
        alternatives = []
        for entry in sorted(entries, key=len, reverse=True):
            escaped = re.escape(entry)
            alternatives.append(f"(?i:{escaped})" if _is_case_free(entry) else escaped)
        _PATTERNS[entries] = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    return _PATTERNS[entries]


def load_lexicon(path: Path | None) -> Lexicon:
    if path is None or not path.is_file():
        return Lexicon()
    try:
        return parse_lexicon(path.read_text(encoding="utf-8"), path)
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path) from exc


def parse_lexicon(text: str, path: Path) -> Lexicon:
    """The lexicon `text` holds (the contents of `path`, which errors name)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path) from exc
    unknown = set(data) - {"words", "ipa"}
    if unknown:
        raise ConfigError(
            f"unknown table(s) {', '.join(sorted(unknown))}; use [words] and [ipa]", path=path
        )
    return Lexicon(words=_table(data, "words", path), ipa=_table(data, "ipa", path))


def _table(data: dict[str, object], name: str, path: Path) -> dict[str, str]:
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f'[{name}] must be a table of word = "..." lines', path=path)
    for word, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"[{name}] {word} must be a non-empty string", path=path)
        if not word.strip() or "[" in value or "]" in value:
            raise ConfigError(f"[{name}] {word!r}: words and values may not use [ or ]", path=path)
    return {word: value.strip() for word, value in table.items()}
