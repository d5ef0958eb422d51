"""The engine registry: name -> engine class. Adding an engine is one file and one line here."""

from __future__ import annotations

from ..errors import ConfigError
from .engine import Engine, EngineInfo
from .espeak_engine import EspeakEngine
from .gtts_engine import GttsEngine
from .piper_engine import PiperEngine

ENGINES: dict[str, type[Engine]] = {
    "piper": PiperEngine,
    "gtts": GttsEngine,
    "espeak": EspeakEngine,
}
DEFAULT_ENGINE = "piper"


def engine_class(name: str) -> type[Engine]:
    try:
        return ENGINES[name]
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
    for name, engine_type in ENGINES.items():
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
