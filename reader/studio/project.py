"""The studio's library: a blog's articles as the author hears them, one sentence at a time.

Everything `reader studio` does is a call here (app.py only turns HTTP into these calls):
the articles and their state against the last build and the approvals, an article's
sentences with the clips the episode will use (the build's own clip cache, keyed exactly as
the build keys them, so a sentence heard here is not spoken again by `reader build`), the
words the voice will guess (reader.speech.guesses, as `reader words`), saving a fix into
lexicon.toml and re-speaking only the sentences it changes, choosing the voice by ear, and
approving an article for its current script.

Articles are found by the same discovery as the build and named by slug; a slug from a
request is only ever looked up among them, never made into a path. Writes to the author's
files happen one at a time and never while a `reader build` holds the output's lock (the
build reads lexicon.toml and reader.toml once, at its start, for every episode it makes).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from ..builder import build_settings
from ..builder.approvals import load_approvals, record_approval, script_fingerprint
from ..builder.manifest import Manifest
from ..builder.plan import BuildSettings, Source, is_current
from ..config import AudioSettings, Config, audio_settings_for, load_config
from ..episode import plan_pieces
from ..errors import ConfigError, UserError
from ..fsutil import exclusive, safe_join, sha256_file
from ..layout import LOCK_NAME
from ..models import Article, Script
from ..run.jobs import episode_speech
from ..speech.cache import ClipCache, clip_key
from ..speech.engines import engine_class
from ..speech.engines.base import Engine
from ..speech.guesses import GuessedWord, words_to_check
from ..speech.lexicon import load_lexicon
from ..speech.plan import EngineSpec, fill
from .clips import sentence_wav
from .files import (
    IPA,
    RESPELLING,
    LexiconChange,
    set_lexicon_entry,
    set_voice,
    undo_lexicon_change,
)  # fmt: skip
from .texts import spoken_in, written_texts
from .values import (
    APPROVED,
    BUILT,
    CHANGED,
    NEW,
    UNPLACED,
    Opened,
    Respoken,
    Sentence,
    Summary,
    clip_url,
)  # fmt: skip


class Project:
    """A blog's articles, reader.toml, lexicon.toml, approvals and the built site."""

    def __init__(self, articles: Path | None, output: Path, config_path: Path) -> None:
        self.config_path = config_path
        self.config = self._config()
        self.articles = articles if articles is not None else self.config.articles
        if not self.articles.is_dir():
            raise UserError("no such folder of articles", path=self.articles)
        self.output = output
        self.cache = ClipCache(self.config.cache_dir)
        self._engines: dict[EngineSpec, Engine] = {}
        self._speaking = threading.Lock()  # one synthesis at a time: the CPU is the limit
        self._writing = threading.Lock()
        self._undo: list[tuple[LexiconChange, str | None]] = []
        self._slugs: dict[tuple[Path, int, int], str | None] = {}  # file as seen -> slug
        self._scripts: dict[tuple[Path, int, int, str], tuple[Article, Script]] = {}

    def _config(self) -> Config:
        config = load_config(self.config_path)
        if config.podcast is None:
            raise ConfigError("[podcast] section is required", path=self.config_path)
        return config

    # -- reading ---------------------------------------------------------------------------

    def _sources(self) -> dict[str, tuple[str, Path]]:
        """slug -> (source, path) of every article the build would publish (the first of a
        slug, as the build decides), read again only when its file changed."""
        from ..load import load_article
        from ..load.discover import discover

        assert self.config.podcast is not None
        now = self._settings().now
        found: dict[str, tuple[str, Path]] = {}
        for item in discover(self.articles):
            try:
                stat = item.path.stat()
                mark = (item.path, stat.st_mtime_ns, stat.st_size)
                if mark not in self._slugs:
                    meta = load_article(item.path, self.config.podcast.language).meta
                    live = not item.in_drafts and meta.is_live(now)
                    self._slugs[mark] = meta.slug if live else None
            except (OSError, UserError):
                continue  # `reader build` reports it; the studio lists the others
            slug = self._slugs[mark]
            if slug is not None:
                found.setdefault(slug, (item.relative, item.path))
        return found

    def _settings(self) -> BuildSettings:
        return build_settings(self.config, None, None)

    def slugs(self) -> list[str]:
        return list(self._sources())

    def open(self, slug: str) -> Opened:
        """The article named `slug` (KeyError when there is none)."""
        from ..load import load_article
        from ..script import make_script

        source, path = self._sources()[slug]
        assert self.config.podcast is not None
        stat = path.stat()
        mark = (path, stat.st_mtime_ns, stat.st_size, self.config.podcast.language)
        if mark not in self._scripts:  # read and scripted again only when the file changed
            article = load_article(path, self.config.podcast.language)
            self._scripts[mark] = (article, make_script(article))
        article, script = self._scripts[mark]
        settings = audio_settings_for(self.config, article.meta)
        entry = Manifest.load(self.output).entries.get(source)
        return Opened(source, article, script, settings,
                      self._sentences(article, script, settings), entry)

    def _sentences(
        self, article: Article, script: Script, settings: AudioSettings
    ) -> tuple[Sentence, ...]:
        pieces = plan_pieces(script, settings)
        plan = episode_speech(
            [p.spoken for p in pieces], [p.quote for p in pieces], settings, script.meta.lang,
            load_lexicon(self.config.lexicon_path), self.cache,
        )  # fmt: skip
        written = written_texts(article)
        grouped: dict[str, list[int]] = {}
        unplaced = 0
        for index, piece in enumerate(pieces):
            key = piece.source
            if not key:
                unplaced += 1
                key = f"{UNPLACED}{unplaced}"
            grouped.setdefault(key, []).append(index)
        sentences = []
        for sid, indices in grouped.items():
            keys = tuple(plan.jobs[i].key for i in indices)
            spoken = " ".join(pieces[i].spoken for i in indices)
            sentences.append(Sentence(
                sid, written.get(sid, " ".join(pieces[i].text for i in indices)), spoken, keys,
                all(self.cache.has(k) for k in keys),
            ))  # fmt: skip
        return tuple(sentences)

    def summary(self, opened: Opened) -> Summary:
        meta = opened.article.meta
        approvals = load_approvals(self.config.approvals_path)
        entry = opened.entry
        changed: tuple[str, ...] = ()
        if approvals.approves(meta.slug, script_fingerprint(opened.script)):
            state = APPROVED
        elif entry is None or entry.record is None:
            state = NEW
        elif self._current(opened):
            state = BUILT
        else:
            state = CHANGED
            # What a build would speak again: new words, or a sound not in the cache.
            said = spoken_in(self.output, entry)
            changed = tuple(s.id for s in opened.sentences
                            if " ".join(s.spoken.split()) not in said or not s.cached)
        record = entry.record if entry is not None else None
        return Summary(
            meta.slug, meta.title, meta.date.isoformat(), state, changed,
            record.duration_ms / 1000 if record is not None else None,
            len(self.guessed(opened)),
        )  # fmt: skip

    def _current(self, opened: Opened) -> bool:
        """Whether a build would leave the article's episode as it is (the build's test)."""
        entry = opened.entry
        assert entry is not None and entry.record is not None
        path = self.articles / opened.source
        image = self.articles / entry.image_source if entry.image_source else None
        found = Source(
            opened.source, sha256_file(path),
            image_sha=sha256_file(image) if image is not None and image.is_file() else None,
            audio_present=safe_join(self.output, entry.record.audio_file).is_file(),
        )  # fmt: skip
        return is_current(entry, found, self._settings())

    def summaries(self) -> list[Summary]:
        result = []
        for slug in self.slugs():
            with contextlib.suppress(UserError):
                result.append(self.summary(self.open(slug)))
        return result

    def guessed(self, opened: Opened) -> list[GuessedWord]:
        return words_to_check(
            [opened.script], self._engine(self._spec(opened.settings, opened)),
            load_lexicon(self.config.lexicon_path),
        )

    def engine_for(self, opened: Opened) -> Engine:
        """The voice that speaks the article (created once per voice)."""
        return self._engine(self._spec(opened.settings, opened))

    def _spec(self, settings: AudioSettings, opened: Opened) -> EngineSpec:
        return EngineSpec(settings.engine, settings.voice, opened.article.meta.lang)

    def _engine(self, spec: EngineSpec) -> Engine:
        if spec not in self._engines:
            self._engines[spec] = spec.create()
        return self._engines[spec]

    # -- speaking --------------------------------------------------------------------------

    def speak(self, opened: Opened, sentence_id: str) -> Sentence:
        """The sentence with its clips in the cache (spoken now when missing)."""
        sentence = next((s for s in opened.sentences if s.id == sentence_id), None)
        if sentence is None:
            raise KeyError(sentence_id)
        if sentence.cached:
            return sentence
        pieces = plan_pieces(opened.script, opened.settings)
        plan = episode_speech(
            [p.spoken for p in pieces], [p.quote for p in pieces], opened.settings,
            opened.script.meta.lang, load_lexicon(self.config.lexicon_path), self.cache,
        )  # fmt: skip
        jobs = [job for job in plan.jobs if job.key in sentence.keys]
        with self._speaking:
            for job in jobs:
                fill([job], self._engine(plan.spec_for(job)), self.cache)
        return replace(sentence, cached=True)

    def clip_wav(self, name: str) -> bytes | None:
        """The WAV a clip URL names (None when it names none, or a clip is not cached)."""
        return sentence_wav(self.cache, name)

    def say(self, engine: Engine, text: str) -> str:
        """`text` (a word, its respelling, "[[ IPA ]]", a sentence) said by `engine`, through
        the clip cache: its clip URL."""
        key = clip_key(engine.identity(), text)
        if not self.cache.has(key):
            with self._speaking:
                self.cache.put(key, engine.synthesize(text))
        return clip_url([key])

    def say_word(self, opened: Opened, word: str, *, ipa: str | None = None,
                 respelling: str | None = None) -> dict[str, object]:  # fmt: skip
        """How the voice says `word` now, or with the fix given (the live preview)."""
        engine = self._engine(self._spec(opened.settings, opened))
        if ipa is not None:
            if not engine.speaks_ipa:
                raise UserError(f"the {engine.name} engine does not read IPA; give a respelling")
            text = f"[[ {ipa} ]]"
        elif respelling is not None:
            text = respelling
        else:
            text = load_lexicon(self.config.lexicon_path).apply(
                word, speaks_ipa=engine.speaks_ipa
            )
        clip = self.say(engine, text)
        return {"word": word, "clip": clip, "phonemes": ipa or engine.phonemes(text),
                "said": text}

    # -- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def _write(self) -> Iterator[None]:
        """One write at a time, and none while a `reader build` holds the site's lock."""
        with self._writing:
            if self.output.is_dir():
                with exclusive(self.output / LOCK_NAME, _BUSY, where=self.output):
                    yield
            else:
                yield

    def save_word(self, word: str, *, ipa: str | None = None, respelling: str | None = None,
                  slug: str | None = None) -> Respoken:  # fmt: skip
        """Write the fix into lexicon.toml and speak again the sentences it changes (in the
        article `slug`, or in every article)."""
        table, value = (IPA, ipa) if ipa is not None else (RESPELLING, respelling)
        respoken = self._change(slug, lambda path: set_lexicon_entry(path, table, word, value))
        self._undo.append((respoken.change, slug))
        return respoken

    def undo(self) -> Respoken | None:
        """Put back the lexicon entry the last save changed; None when there is nothing."""
        if not self._undo:
            return None
        change, slug = self._undo[-1]
        done = self._change(slug, lambda path: undo_lexicon_change(path, change))
        self._undo.pop()  # only once undone: a build holding the lock keeps it for later
        return done

    def _change(
        self, slug: str | None, write: Callable[[Path], LexiconChange]
    ) -> Respoken:
        """Change the lexicon with `write`, then speak again every sentence whose clips it
        changed (in the article `slug`, or in every article)."""
        slugs = [slug] if slug is not None else self.slugs()
        with self._write():
            before = {s: self.open(s) for s in slugs}
            change = write(self.config.lexicon_path)
        respoken: list[tuple[str, Sentence]] = []
        for name, old in before.items():
            now = self.open(name)
            old_keys = {s.id: s.keys for s in old.sentences}
            for sentence in now.sentences:
                if old_keys.get(sentence.id) != sentence.keys:
                    respoken.append((name, self.speak(now, sentence.id)))
        return Respoken(change, tuple(respoken))

    def approve(self, opened: Opened) -> str:
        """Approve the article for its current script; returns the script's fingerprint."""
        script = script_fingerprint(opened.script)
        with self._write():
            record_approval(self.config.approvals_path, opened.article.meta.slug, script)
        return script

    def voices(self, opened: Opened) -> list[dict[str, object]]:
        """Each voice of the configured engine that speaks the article's language, with a
        sentence of the article in it (its clip, or None until spoken)."""
        from ..speech.choice import speaks

        name = self.config.audio.engine
        lang = opened.article.meta.lang or "en"
        text = self._sample_text(opened)
        lexicon = load_lexicon(self.config.lexicon_path)
        chosen = self._engine(self._spec(opened.settings, opened)).identity()
        offered = []
        for voice in engine_class(name).voice_names():
            if not speaks(name, voice, lang):
                continue
            engine = self._engine(EngineSpec(name, voice, lang))
            key = clip_key(engine.identity(), lexicon.apply(text, speaks_ipa=engine.speaks_ipa))
            offered.append({
                "voice": voice, "chosen": engine.identity() == chosen,
                "clip": clip_url([key]) if self.cache.has(key) else None,
            })  # fmt: skip
        return offered

    def voice_sample(self, opened: Opened, voice: str) -> str:
        """Speak the article's sample sentence in `voice` (one the engine ships); its clip."""
        engine = self._engine(EngineSpec(self._shipped(voice), voice,
                                         opened.article.meta.lang or "en"))
        text = load_lexicon(self.config.lexicon_path).apply(
            self._sample_text(opened), speaks_ipa=engine.speaks_ipa
        )
        return self.say(engine, text)

    def _shipped(self, voice: str) -> str:
        """The configured engine, if it ships `voice` (KeyError if not: never a path)."""
        name = self.config.audio.engine
        if voice not in engine_class(name).voice_names():
            raise KeyError(voice)
        return name

    def choose_voice(self, voice: str) -> None:
        """Write `voice` into reader.toml's [voice] (a voice the engine ships, by name)."""
        self._shipped(voice)
        with self._write():
            set_voice(self.config_path, voice)
            self.config = self._config()

    @staticmethod
    def _sample_text(opened: Opened) -> str:
        body = [s for s in opened.sentences if s.on_page]
        return (body or list(opened.sentences))[0].spoken


_BUSY = "a `reader build` is writing this site; save again when it has finished"
