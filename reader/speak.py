"""One article -> one episode: what `reader speak` does, as a library call."""

from __future__ import annotations

from pathlib import Path

from .config import audio_settings_for, load_config
from .models import Episode


def speak_article(
    article_path: Path,
    output: Path | None = None,
    *,
    engine: str | None = None,
    voice: str | None = None,
    config_path: Path = Path("reader.toml"),
) -> Episode:
    from .episode import make_episode
    from .load import load_article
    from .script import make_script

    config = load_config(config_path, required=False)
    article = load_article(article_path)
    settings = audio_settings_for(config, article.meta, engine=engine, voice=voice)
    mp3 = output or Path(f"{article.meta.slug}.mp3")
    return make_episode(
        make_script(article),
        mp3,
        settings,
        album=config.podcast.title if config.podcast else None,
        cover=config.podcast.image if config.podcast else None,
        lexicon_path=config.lexicon_path,
        cache_dir=config.cache_dir,
    )
