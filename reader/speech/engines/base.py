"""The small interface every speech engine implements.

An engine turns one piece of text (a sentence or a heading) into one clip of mono 16-bit PCM.
Engines are created cheaply: anything expensive (loading a model, reaching a server) waits
for the first `synthesize` call, so a run whose clips are all cached never pays for it.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ..clip import Clip  # numpy: imported by the engines that make clips

# A folder where every process notes the seconds of audio its real voices made (the test
# suite's real-voice budget, tests/conftest.py, sums them over its processes).
SYNTHESIS_LOG_ENV = "READER_SYNTHESIS_LOG"


@dataclass(frozen=True)
class EngineInfo:
    """What `reader voices` shows about an engine."""

    name: str
    voices: tuple[str, ...]
    languages: tuple[str, ...]
    works_here: bool
    status: str  # one short phrase: "works offline", "needs network: reachable now", ...
    notes: tuple[str, ...] = field(default_factory=tuple)


class Engine(ABC):
    """One speech engine with one chosen voice."""

    name: ClassVar[str]
    # True when the engine speaks "[[ IPA ]]" phoneme blocks (the lexicon's [ipa] table).
    speaks_ipa: ClassVar[bool] = False
    # The gain (dB) that brings a voice to -16 LUFS, by the voice its identity names, for
    # voices measured before they are first used (reader.episode.loudness_memory); others
    # learn theirs on first use.
    gain_hints: ClassVar[Mapping[str, float]] = {}

    @abstractmethod
    def identity(self) -> dict[str, str]:
        """Everything that changes the sound of a clip besides its text: voice, model,
        settings, sample rate. The clip cache is keyed by it, so it must be cheap."""

    def phonemes(self, text: str) -> str | None:
        """The phonemes the engine will speak `text` with (IPA), if it can tell; `reader
        words` shows them so an author can hear, in writing, what a voice will guess."""
        return None

    @abstractmethod
    def synthesize(self, text: str) -> Clip:
        """Speak one piece of text. Raises EngineError when the engine cannot run here."""

    @classmethod  # noqa: B027 - optional: most engines have no threads to set
    def use_threads(cls, count: int) -> None:
        """How many cores one synthesis may use in this process, before the first one.
        A build that runs several synthesis processes (reader.run) sets it so that processes
        x threads fits the cores; engines that compute elsewhere (a server) ignore it."""

    @classmethod
    def voice_names(cls) -> tuple[str, ...]:
        """The names of the voices it ships, to offer by ear (`reader studio`); which of them
        speak a language, `reader.speech.choice.speaks` tells. Empty: only its own choice."""
        return ()

    @classmethod
    @abstractmethod
    def describe(cls) -> EngineInfo:
        """Voices, languages and whether the engine works on this machine right now.
        Must return within a few seconds, also offline."""


def note_synthesis(engine: str, clip: Clip) -> Clip:
    """`clip`, after noting its length in $READER_SYNTHESIS_LOG/<pid>.tsv when that is set
    (one line "<engine>\t<seconds>"); otherwise one environment lookup. The folder is read at
    each call, so processes, pools and Dask workers started with it set all report."""
    folder = os.environ.get(SYNTHESIS_LOG_ENV)
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        with open(Path(folder) / f"{os.getpid()}.tsv", "a", encoding="utf-8") as log:
            log.write(f"{engine}\t{clip.duration_ms / 1000:.3f}\n")
    return clip
