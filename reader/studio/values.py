"""The typed values the studio's library hands to its API and pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..builder.manifest import Entry
from ..config import AudioSettings
from ..models import Article, Script
from .files import LexiconChange

NEW, CHANGED, BUILT, APPROVED = "new", "changed", "built", "approved"
CLIPS_PATH = "/api/clips/"
UNPLACED = "spoken-"  # the id prefix of speech with no place on the page (the opening title)


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading) of the page with the clips that speak it."""

    id: str  # the page's element id ("s3"); "spoken-N" for speech with no place on the page
    written: str
    spoken: str  # what the voice is asked to say, before the lexicon
    keys: tuple[str, ...]  # its pieces' clip-cache keys, in order
    cached: bool

    @property
    def clip(self) -> str | None:
        return clip_url(self.keys) if self.cached else None

    @property
    def on_page(self) -> bool:
        return not self.id.startswith(UNPLACED)

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "written": self.written, "spoken": self.spoken, "clip": self.clip}


@dataclass(frozen=True)
class Summary:
    slug: str
    title: str
    date: str
    state: str  # NEW, CHANGED, BUILT or APPROVED
    changed_sentences: tuple[str, ...]  # with CHANGED: ids of the sentences a build re-speaks
    duration_s: float | None  # of its last built episode
    guessed_words: int

    def to_json(self) -> dict[str, object]:
        return {
            "slug": self.slug, "title": self.title, "date": self.date, "state": self.state,
            "changed_sentences": list(self.changed_sentences), "duration_s": self.duration_s,
            "guessed_words": self.guessed_words,
        }  # fmt: skip


@dataclass(frozen=True)
class Opened:
    """One article loaded, scripted and planned against the clip cache."""

    source: str  # relative to the articles folder
    article: Article
    script: Script
    settings: AudioSettings
    sentences: tuple[Sentence, ...]
    entry: Entry | None  # its last build's manifest entry


@dataclass(frozen=True)
class Respoken:
    """What a lexicon change (or its undo) did: the change, and each sentence spoken again."""

    change: LexiconChange
    sentences: tuple[tuple[str, Sentence], ...]  # (slug, sentence)

    def to_json(self) -> dict[str, object]:
        return {
            "word": self.change.word,
            "table": self.change.table,
            "before": self.change.before,
            "after": self.change.after,
            "sentences": [
                {"slug": slug, **sentence.to_json()} for slug, sentence in self.sentences
            ],
        }


def clip_url(keys: Sequence[str]) -> str:
    return f"{CLIPS_PATH}{'_'.join(keys)}.wav"
