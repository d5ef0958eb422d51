"""The engine registry: name -> engine class. Adding an engine is one file and one line here."""

from __future__ import annotations

import os

from ...errors import ConfigError
from .base import Engine, EngineInfo
from .espeak import EspeakEngine
from .gtts import GttsEngine
from .kokoro import KokoroEngine
from .piper import PiperEngine
from .tones import ToneEngine

ENGINES: dict[str, type[Engine]] = {
    "kokoro": KokoroEngine,
    "piper": PiperEngine,
    "gtts": GttsEngine,
    "espeak": EspeakEngine,
}
DEFAULT_ENGINE = "piper"

# Stand-ins for the test suite and benchmarks: never listed by `reader voices`, in help or
# in error messages, and accepted only when the environment sets READER_TEST_ENGINES=1
# (tests/conftest.py does), so a user cannot publish a podcast of sine tones by mistake.
TEST_ENGINES: dict[str, type[Engine]] = {
    "tones": ToneEngine,
}
TEST_ENGINES_ENV = "READER_TEST_ENGINES"


def offered_engines() -> dict[str, type[Engine]]:
    """The engines this process accepts: the users' ones, and the test engines when asked."""
    if os.environ.get(TEST_ENGINES_ENV) == "1":
        return {**ENGINES, **TEST_ENGINES}
    return ENGINES


def engine_names(joiner: str = ", ", last: str = " or ") -> str:
    """The users' engines as help and messages name them: "kokoro, piper, gtts or espeak"."""
    *others, final = ENGINES
    return f"{joiner.join(others)}{last}{final}" if others else final


def engine_class(name: str) -> type[Engine]:
    try:
        return offered_engines()[name]
    except KeyError:
        raise ConfigError(
            f"unknown speech engine {name!r}: choose one of {', '.join(ENGINES)}"
            " (voice.engine in reader.toml, `engine:` in front matter, or --engine)"
        ) from None


def create_engine(name: str, voice: str | None = None, lang: str | None = None) -> Engine:
    """An engine ready to speak; cheap, since engines load models on first use."""
    engine_type = engine_class(name)
    return engine_type(voice, lang)  # type: ignore[call-arg]


def describe_engines() -> list[str]:
    """One line per engine and voice, saying whether it works on this machine right now."""
    lines: list[str] = []
    for name, engine_type in offered_engines().items():
        info: EngineInfo = engine_type.describe()
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
