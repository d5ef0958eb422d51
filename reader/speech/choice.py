"""Which engine and voice speak an article, given its language.

The engine and voice named for the whole podcast (reader.toml, or the command line for
the whole build) speak every article they can: a voice is never asked to read a language
it does not speak. For an article in another language the podcast's engine keeps it if it
has a voice for that language (Kokoro picks its own, gTTS and espeak speak most), else the
language's own offline voice speaks it (reader.language: Kokoro's ff_siwis for
French...). A language with neither (German with Piper or Kokoro configured) fails in one
line naming it: the user chooses an online engine for it, or another engine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import EngineError, UserError
from ..language import language_for, primary
from .engines import create_engine, offered_engines


def _chosen(
    choices: Mapping[str, str], lang: str | None, engine: str
) -> tuple[str, str | None] | None:
    """reader.toml's choice for the language ("pt-BR", else "pt"): "engine:voice", an
    engine ("gtts"), or a voice: of the podcast's engine when it has it for the language,
    else of the engine of the language's offline voice ("em_alex": Kokoro)."""
    if not lang:
        return None
    choice = choices.get(lang) or next(
        (text for tag, text in choices.items() if tag == primary(lang)), None
    )
    if choice is None:
        return None
    name, colon, named = choice.partition(":")
    if colon:
        return name, named or None
    if choice in offered_engines():
        return choice, None
    if speaks(engine, choice, lang):
        return engine, choice
    offline = language_for(lang).voice
    return (offline[0] if offline else engine), choice


def speaks(engine: str, voice: str | None, lang: str) -> bool:
    """Whether `engine` (with `voice`, or its own choice) speaks `lang`. Cheap: engines
    load their models on first use, and refuse a language when they are made."""
    try:
        create_engine(engine, voice, lang)
    except EngineError:
        return False
    return True


def voice_for(
    engine: str,
    voice: str | None,
    lang: str | None,
    choices: Sequence[tuple[str, str]] = (),
) -> tuple[str, str | None]:
    """The (engine, voice) that speaks an article in `lang`, starting from the podcast's;
    `choices` are reader.toml's [voice] voices (language tag, choice)."""
    chosen = _chosen(dict(choices), lang, engine)
    if chosen is not None:
        return chosen
    if not lang or speaks(engine, voice, lang):
        return engine, voice
    if voice is not None and speaks(engine, None, lang):
        return engine, None  # the podcast's engine, with its voice for this language
    offline = language_for(lang).voice
    if offline is not None and speaks(*offline, lang):
        return offline
    name = language_for(lang).name
    said = f"{name} ({lang})" if name != primary(lang) else repr(lang)
    raise UserError(
        f"no offline voice speaks {said} with the engine {engine!r}: set `engine: gtts` "
        f"(online) or `engine: espeak` in the article's front matter, or "
        f'[voice] voices = {{ {primary(lang)} = "gtts" }} in reader.toml'
    )
