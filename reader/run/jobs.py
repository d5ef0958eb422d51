"""Episode jobs, planned one way for `reader build` and `reader speak` alike.

What every episode of a run shares (the clip cache, the lexicon, the album and cover of
its tags) is resolved once, in a JobPlanner; each job is then a script's pieces with its
speech planned against the cache. A runner (reader.run.make_runner; make_one for a single
episode) makes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import AudioSettings
from ..episode import plan_pieces
from ..models import Script
from ..speech.cache import ClipCache
from ..speech.lexicon import Lexicon, load_lexicon
from ..speech.plan import EngineSpec, SpeechPlan, plan_speech
from .base import EpisodeJob


@dataclass(frozen=True)
class JobPlanner:
    """Plans episode jobs with what every episode of a run shares."""

    cache: ClipCache
    lexicon: Lexicon
    album: str | None = None  # the tags' album: the podcast's title
    cover: Path | None = None  # the tags' picture, unless an episode has its own

    @classmethod
    def open(
        cls,
        cache_dir: Path | None,
        lexicon_path: Path | None,
        *,
        album: str | None = None,
        cover: Path | None = None,
    ) -> JobPlanner:
        return cls(ClipCache(cache_dir), load_lexicon(lexicon_path), album, cover)

    def job(
        self,
        name: str,
        script: Script,
        settings: AudioSettings,
        audio_path: Path,
        *,
        cover: Path | None = None,
    ) -> EpisodeJob:
        """The episode of `script` to write at `audio_path`, its speech planned against the
        cache (an unknown engine or voice fails here, before any work, in one line)."""
        pieces = plan_pieces(script, settings)
        plan = episode_speech(
            [piece.spoken for piece in pieces], [piece.quote for piece in pieces], settings,
            script.meta.lang, self.lexicon, self.cache,
        )  # fmt: skip
        return EpisodeJob(
            name=name, script=script, pieces=tuple(pieces), plan=plan, settings=settings,
            audio_path=audio_path, album=self.album, cover=cover or self.cover,
        )  # fmt: skip


def episode_speech(
    texts: Sequence[str],
    quoted: Sequence[bool],
    settings: AudioSettings,
    lang: str | None,
    lexicon: Lexicon,
    cache: ClipCache,
) -> SpeechPlan:
    """An episode's speech plan: its pieces' texts in the settings' voice, those `quoted`
    (block quotations) in the `quote_voice` when one is set (a second voice of the same
    engine)."""
    spec = EngineSpec(settings.engine, settings.voice, lang)
    quote_spec = (
        EngineSpec(settings.engine, settings.quote_voice, lang) if settings.quote_voice else None
    )
    return plan_speech(texts, spec, lexicon, cache, quote_spec=quote_spec, quoted=quoted)
