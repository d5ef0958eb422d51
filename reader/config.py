"""reader.toml: loading and validation into a typed Config.

Owner of validation rules (unknown keys, Apple categories, ISO 639 languages) and the
starter file written by `reader init`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .models import ArticleMeta, AudioSettings

CONFIG_NAME = "reader.toml"


@dataclass(frozen=True)
class PodcastConfig:
    title: str
    description: str
    author: str
    email: str
    base_url: str  # always ends with "/"
    language: str = "en"
    category: str = "Technology"
    explicit: bool = False
    image: Path | None = None  # resolved against the config's folder
    type: str = "episodic"

    @property
    def feed_url(self) -> str:
        return self.base_url + "feed.xml"


@dataclass(frozen=True)
class Config:
    """Everything from reader.toml. `podcast` is None when there is no reader.toml
    (enough for `reader speak` / `reader script`, not for `reader build`)."""

    root: Path  # the folder that holds reader.toml (lexicon.toml and the guid file live here)
    podcast: PodcastConfig | None = None
    audio: AudioSettings = field(default_factory=AudioSettings)
    cache_dir: Path | None = None  # None: $XDG_CACHE_HOME/read-or-listen

    @property
    def lexicon_path(self) -> Path:
        return self.root / "lexicon.toml"


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
    root = path.parent.resolve()
    podcast = _podcast(data.get("podcast"), path, root) if "podcast" in data else None
    voice = data.get("voice", {})
    audio = data.get("audio", {})
    settings = AudioSettings(
        engine=str(voice.get("engine", "piper")),
        voice=voice.get("voice"),
        bitrate=str(audio.get("bitrate", "64k")),
        loudness_lufs=float(audio.get("loudness", -16.0)),
        sentence_pause_ms=int(audio.get("sentence_pause_ms", AudioSettings.sentence_pause_ms)),
        paragraph_pause_ms=int(audio.get("paragraph_pause_ms", AudioSettings.paragraph_pause_ms)),
        section_pause_ms=int(audio.get("section_pause_ms", AudioSettings.section_pause_ms)),
        intro=(root / audio["intro"]) if audio.get("intro") else None,
        outro=(root / audio["outro"]) if audio.get("outro") else None,
    )
    cache = data.get("cache", {}).get("dir")
    return Config(
        root=root,
        podcast=podcast,
        audio=settings,
        cache_dir=(root / cache) if cache else None,
    )


def _podcast(table: Any, path: Path, root: Path) -> PodcastConfig:
    if not isinstance(table, dict):
        raise ConfigError("[podcast] must be a table", path=path)
    for key in ("title", "description", "author", "email", "base_url"):
        if not table.get(key):
            raise ConfigError(f'[podcast] {key} is required, e.g. {key} = "..."', path=path)
    base_url = str(table["base_url"])
    if not base_url.endswith("/"):
        base_url += "/"
    return PodcastConfig(
        title=str(table["title"]),
        description=str(table["description"]),
        author=str(table["author"]),
        email=str(table["email"]),
        base_url=base_url,
        language=str(table.get("language", "en")),
        category=str(table.get("category", "Technology")),
        explicit=bool(table.get("explicit", False)),
        image=(root / table["image"]) if table.get("image") else None,
        type=str(table.get("type", "episodic")),
    )


def audio_settings_for(
    config: Config, meta: ArticleMeta, *, engine: str | None = None, voice: str | None = None
) -> AudioSettings:
    """Engine and voice: the command line, else the article's front matter, else reader.toml,
    else the default. A voice only follows an engine chosen at the same level or below."""
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
    return replace(config.audio, engine=chosen_engine, voice=chosen_voice)


def write_starter_config(path: Path) -> None:
    """Write a commented starter reader.toml; refuse to overwrite an existing file."""
    raise NotImplementedError
