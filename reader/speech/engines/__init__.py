"""The engine registry: name -> the module and class of its engine. Adding an engine is one
file and one line here.

The table names each engine's class by where it lives rather than importing it: an engine's
module (and what it brings: numpy, onnxruntime, a model) is imported when that engine is
first used, so naming and checking engines, which every start of `reader` does (--engine's
help, reader.toml), costs no import.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ...errors import ConfigError
from ...registry import load

if TYPE_CHECKING:
    from .base import Engine, EngineInfo

ENGINES: dict[str, str] = {
    "kokoro": "kokoro:KokoroEngine",
    "piper": "piper:PiperEngine",
    "gtts": "gtts:GttsEngine",
    "espeak": "espeak:EspeakEngine",
}
DEFAULT_ENGINE = "kokoro"  # the natural voice; Piper is the fast one

# Stand-ins for the test suite and benchmarks: never listed by `reader voices`, in help or
# in error messages, and accepted only when the environment sets READER_TEST_ENGINES=1
# (tests/conftest.py does), so a user cannot publish a podcast of sine tones by mistake.
TEST_ENGINES: dict[str, str] = {
    "tones": "tones:ToneEngine",
}
TEST_ENGINES_ENV = "READER_TEST_ENGINES"


def offered_engines() -> dict[str, str]:
    """The engines this process accepts: the users' ones, and the test engines when asked."""
    if os.environ.get(TEST_ENGINES_ENV) == "1":
        return {**ENGINES, **TEST_ENGINES}
    return ENGINES


def engine_names(joiner: str = ", ", last: str = " or ") -> str:
    """The users' engines as help and messages name them: "kokoro, piper, gtts or espeak"."""
    *others, final = ENGINES
    return f"{joiner.join(others)}{last}{final}" if others else final


def check_engine(name: str) -> str:
    """`name` if this process offers that engine, else a ConfigError naming the choices
    (without importing any engine)."""
    if name not in offered_engines():
        raise ConfigError(
            f"unknown speech engine {name!r}: choose one of {', '.join(ENGINES)}"
            " (voice.engine in reader.toml, `engine:` in front matter, or --engine)"
        )
    return name


def engine_class(name: str) -> type[Engine]:
    engine_type: type[Engine] = load(__name__, offered_engines()[check_engine(name)])
    return engine_type


def gain_hint(identity: Mapping[str, str]) -> float | None:
    """The measured gain that brings this voice to -16 LUFS, if its engine declares one
    (Engine.gain_hints: voices measured before they are first used), for the episode stage,
    which is handed it and never asks the engines itself."""
    name = identity.get("engine", "")
    if name not in offered_engines():
        return None
    return engine_class(name).gain_hints.get(identity.get("voice", ""))


def create_engine(name: str, voice: str | None = None, lang: str | None = None) -> Engine:
    """An engine ready to speak; cheap, since engines load models on first use."""
    engine_type = engine_class(name)
    return engine_type(voice, lang)  # type: ignore[call-arg]


def describe_engines() -> list[str]:
    """One line per engine and voice, saying whether it works on this machine right now."""
    lines: list[str] = []
    for name in offered_engines():
        info: EngineInfo = engine_class(name).describe()
        mark = "yes" if info.works_here else "no "
        default = " (default engine)" if name == DEFAULT_ENGINE else ""
        lines.append(f"{name}{default}: works here: {mark} - {info.status}")
        lines.extend(f"    voice: {voice}" for voice in info.voices)
        if info.languages:
            shown = ", ".join(info.languages[:12])
            more = f" and {len(info.languages) - 12} more" if len(info.languages) > 12 else ""
            lines.append(f"    languages: {shown}{more}")
        lines.extend(f"    {note}" for note in info.notes)
    return lines
