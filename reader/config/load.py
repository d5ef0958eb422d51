"""reader.toml: reading and validating it into a typed Config, as the schema declares."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..models import ArticleMeta
from .options import Place, all_settings, read_values
from .schema import AudioSettings, Config, PodcastConfig, PublishConfig, RunChoice

# table -> its keys, for the unknown-key check; in the order the schema declares them.
KNOWN_KEYS: dict[str, tuple[str, ...]] = {}
for _field, _setting in all_settings(Config):
    KNOWN_KEYS.setdefault(_setting.table, ())
    KNOWN_KEYS[_setting.table] += (_setting.key,)


def load_config(path: Path, *, required: bool = True) -> Config:
    """Read and validate reader.toml. Without the file: an error if `required`, else defaults."""
    if not path.is_file():
        if required:
            raise ConfigError("not found; run `reader init` to write a starter file", path=path)
        return Config(root=path.parent.resolve())
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path) from exc
    return config_from_dict(data, path)


def config_from_dict(data: dict[str, Any], path: Path) -> Config:
    _reject_unknown_keys(data, path)
    place = Place(path, path.parent.resolve())
    podcast = read_values(PodcastConfig, data, place) if "podcast" in data else None
    return Config(
        root=place.root,
        podcast=PodcastConfig(**podcast) if podcast is not None else None,
        audio=AudioSettings(**read_values(AudioSettings, data, place)),
        run=RunChoice(**read_values(RunChoice, data, place)),
        publish=PublishConfig(**read_values(PublishConfig, data, place)),
        **read_values(Config, data, place),
    )


def _reject_unknown_keys(data: dict[str, Any], path: Path) -> None:
    """A misspelt key would otherwise be silently ignored, so every unknown key is an error."""
    for table, value in data.items():
        if table not in KNOWN_KEYS:
            known = ", ".join(f"[{name}]" for name in KNOWN_KEYS)
            raise ConfigError(f"unknown table or key {table!r}; known tables: {known}", path=path)
        if not isinstance(value, dict):
            raise ConfigError(f"[{table}] must be a table, e.g. [{table}] on its own line",
                              path=path)
        for key in value:
            if key not in KNOWN_KEYS[table]:
                hint = difflib.get_close_matches(key, KNOWN_KEYS[table], n=1)
                maybe = f"; did you mean {hint[0]!r}?" if hint else ""
                known = ", ".join(sorted(KNOWN_KEYS[table]))
                raise ConfigError(
                    f"unknown key [{table}] {key!r}{maybe} (known: {known})", path=path
                )


def audio_settings_for(
    config: Config, meta: ArticleMeta, *, engine: str | None = None, voice: str | None = None
) -> AudioSettings:
    """Engine and voice: the command line, else the article's front matter, else reader.toml,
    else the default. A voice only follows an engine chosen at the same level or below.
    What reader.toml (or the default) names speaks the articles in its language; another
    language gets a voice that speaks it (reader.speech.choice)."""
    chosen_engine = engine or meta.engine or config.audio.engine
    if voice:
        chosen_voice: str | None = voice
    elif engine and engine != (meta.engine or config.audio.engine):
        chosen_voice = None  # a voice named for another engine would not fit
    elif meta.voice:
        chosen_voice = meta.voice
    elif meta.engine and meta.engine != config.audio.engine:
        chosen_voice = None
    else:
        chosen_voice = config.audio.voice
    if not (engine or voice or meta.engine or meta.voice):
        # The podcast's engine and voice: an article in another language gets the voice
        # that speaks it (reader.speech.choice), never an English voice reading French.
        from ..speech.choice import voice_for

        chosen_engine, chosen_voice = voice_for(
            chosen_engine, chosen_voice, meta.lang, config.audio.voices
        )
    return replace(
        config.audio, engine=chosen_engine, voice=chosen_voice,
        quote_voice=_quote_voice(config, chosen_engine, meta.lang),
    )


def _quote_voice(config: Config, engine: str, lang: str | None) -> str | None:
    """reader.toml's quote_voice, for an article spoken by its engine in a language that
    voice speaks; otherwise none (the quotations in the article's own voice). An unknown
    voice is the engine's one-line error."""
    quote_voice = config.audio.quote_voice
    if quote_voice is None or engine != config.audio.engine:
        return None
    from ..speech.choice import speaks
    from ..speech.engines import create_engine

    create_engine(engine, quote_voice)  # an unknown voice: EngineError, naming it
    return quote_voice if not lang or speaks(engine, quote_voice, lang) else None
