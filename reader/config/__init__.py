"""reader.toml: one schema (schema.py, one declaration per key, checks.py its checks), read
by load.py and written out by starter.py as the starter file and docs/configuration.md."""

from .load import KNOWN_KEYS, audio_settings_for, config_from_dict, load_config
from .schema import (
    DEFAULT_ARTICLES,
    AudioSettings,
    Config,
    PodcastConfig,
    PublishConfig,
    RunChoice,
)
from .starter import render_docs, starter_config, write_starter_config

__all__ = [
    "DEFAULT_ARTICLES", "KNOWN_KEYS", "AudioSettings", "Config", "PodcastConfig",
    "PublishConfig", "RunChoice", "audio_settings_for", "config_from_dict", "load_config",
    "render_docs", "starter_config", "write_starter_config",
]
