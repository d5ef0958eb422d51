"""The words the voice will have to guess in an article or a folder of them: what `reader
words` does, as a library call (the finding itself is reader.speech.guesses)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import audio_settings_for, load_config
from .errors import ArticleError, UserError
from .language import primary
from .layout import CONFIG_NAME
from .models import Article, ArticleMeta
from .speech.engines import create_engine
from .speech.engines.base import Engine
from .speech.guesses import GuessedWord, append_stubs, words_to_check, write_samples
from .speech.lexicon import load_lexicon


@dataclass(frozen=True)
class WordsReport:
    words: list[GuessedWord]  # most frequent first
    stubs_added: list[str]  # words whose stubs were appended to lexicon.toml
    lexicon: Path
    failed: list[str]  # one line per article that could not be read (the others still count)


def article_files(target: Path) -> list[Path]:
    """An article file itself, or the articles `reader build` would read in a folder."""
    from .load.discover import discover

    if target.is_dir():
        return [source.path for source in discover(target)]
    if target.is_file():
        return [target]
    raise UserError("no such article or folder", path=target)


def guessed_words(
    target: Path,
    *,
    config_path: Path = Path(CONFIG_NAME),
    engine: str | None = None,
    voice: str | None = None,
    stubs: bool = False,
    samples: Path | None = None,
) -> WordsReport:
    """The words the voice will guess in `target`. The engine and voice are those of the
    first article in each language (command line, front matter, reader.toml, default)."""
    from .load import load_article
    from .script import make_script

    config = load_config(config_path, required=False)
    podcast_language = config.podcast.language if config.podcast else None
    articles: list[Article] = []
    failed: list[str] = []
    for path in article_files(target):
        try:
            articles.append(load_article(path, podcast_language))
        except ArticleError as exc:
            if target.is_file():
                raise
            failed.append(str(exc))
    if not articles:
        return WordsReport([], [], config.lexicon_path, failed)
    first_of: dict[str, ArticleMeta] = {}
    for article in articles:
        first_of.setdefault(primary(article.meta.lang) or "en", article.meta)
    speakers: dict[str, Engine] = {}

    def speaker(lang: str) -> Engine:
        """The voice of the first article in `lang` (command line, front matter,
        reader.toml, default; a voice that speaks the language)."""
        if lang not in speakers:
            meta = first_of[lang]
            settings = audio_settings_for(config, meta, engine=engine, voice=voice)
            speakers[lang] = create_engine(settings.engine, settings.voice, meta.lang)
        return speakers[lang]

    speaker(next(iter(first_of)))  # an unknown voice fails before any work, in one line
    lexicon = load_lexicon(config.lexicon_path)
    words = words_to_check((make_script(a) for a in articles), speaker, lexicon)
    if samples is not None:
        write_samples(words, speaker, lexicon, samples)
    added = append_stubs(config.lexicon_path, words) if stubs else []
    return WordsReport(words, added, config.lexicon_path, failed)
