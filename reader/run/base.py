"""What every runner shares: the episode jobs it is given, what it hands back, progress.

A runner decides *where* the work whose cost grows with the audio runs: speaking the clips
of each episode's speech plan, and (on a cluster) assembling and encoding the episode too.
The build plans and writes; a runner only makes episodes. So the build reads the same
whichever runner is chosen, as beets' import pipeline runs the same stages with
run_sequential() or run_parallel().
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from ..errors import UserError
from ..progress import Report

if TYPE_CHECKING:
    from ..config import AudioSettings, RunChoice
    from ..episode.assemble import Piece
    from ..models import Episode, Script
    from ..speech.cache import ClipCache
    from ..speech.clip import Clip
    from ..speech.plan import Progress as SpeechProgress
    from ..speech.plan import SpeechPlan


@dataclass(frozen=True)
class EpisodeJob:
    """One episode to make: the script, its pieces, its speech plan and where it goes.

    Small and picklable: a cluster worker gets exactly this (plus the cover and any intro
    or outro as bytes), never the articles folder or the output folder.
    """

    name: str  # the article's source file, for messages
    script: Script
    pieces: tuple[Piece, ...]
    plan: SpeechPlan
    settings: AudioSettings
    audio_path: Path  # on the machine that runs the build
    album: str | None = None
    cover: Path | None = None  # on the machine that runs the build


@dataclass(frozen=True)
class Made:
    """What became of one job: its episode, or the one-line error that stopped it.

    `spoken` counts the clips the engine spoke for it (pieces spoken before a failure
    count too: they are in the cache)."""

    job: EpisodeJob
    episode: Episode | None
    error: UserError | None
    spoken: int


class WorkerLost(UserError):
    """Synthesis workers kept dying (killed, out of memory): the clips they left undone."""


class RunProgress(Protocol):
    """What a runner tells the build's progress display (called from any thread)."""

    def clips(self, done: int, cached: int, total: int) -> None:
        """Distinct clips of the build in the cache so far, how many of them were there
        before it started, how many it needs in all."""

    def workers(self, busy: int, total: int) -> None:
        """Workers speaking or encoding right now, out of how many."""


class QuietProgress:
    def clips(self, done: int, cached: int, total: int) -> None:
        pass

    def workers(self, busy: int, total: int) -> None:
        pass


class ClipTally:
    """Clip counts across the whole build, for the progress display. Thread-safe: pool and
    cluster runners count from their result threads."""

    def __init__(self, progress: RunProgress, jobs: Sequence[EpisodeJob]) -> None:
        self._progress = progress
        self._lock = threading.Lock()
        # Distinct clips: a sentence said twice, or by two articles, is made once.
        self.total = len({clip.key for job in jobs for clip in job.plan.jobs})
        self.cached = len({key for job in jobs for key in job.plan.cached})
        self.done = self.cached
        self.spoken = 0
        progress.clips(self.done, self.cached, self.total)

    def add(self, *, spoken: bool) -> None:
        """One more clip is in the cache: spoken by the engine, or (`spoken` False) found
        there by a worker, put there meanwhile by another build."""
        with self._lock:
            self.spoken += spoken
            self.done = min(self.total, self.done + 1)
            done, cached = self.done, self.cached
        self._progress.clips(done, cached, self.total)


class Runner(ABC):
    """Makes the episodes of a build. Used as a context manager: workers start on the first
    clip that needs them and stop at the end."""

    name: ClassVar[str]

    def __init__(
        self,
        cache: ClipCache,
        *,
        report: Report,
        progress: RunProgress | None = None,
        choice: RunChoice | None = None,
        piece_progress: SpeechProgress | None = None,
    ) -> None:
        self.cache = cache
        self.report = report
        self.progress: RunProgress = progress or QuietProgress()
        # Told after each piece of each episode (done, from the cache, of all), in place of
        # `progress`, by a runner that speaks in this process: `reader speak`'s bar.
        self.piece_progress = piece_progress
        self.choice = choice if choice is not None else _default_choice()
        self._setup()

    def _setup(self) -> None:  # noqa: B027 - the in-process runner needs nothing more
        """What a runner of this kind prepares once its settings are known (subclasses)."""

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:  # noqa: B027 - runners without workers have nothing to stop
        """Stop the workers this runner started (not a cluster's: the user runs those)."""

    @abstractmethod
    def make_episodes(self, jobs: Sequence[EpisodeJob]) -> Iterator[Made]:
        """Make every job's episode (files written atomically at `audio_path` and beside
        it) and yield each as it is finished. One broken episode never stops the others."""


def _default_choice() -> RunChoice:
    from ..config import RunChoice

    return RunChoice()


def local_workers(choice: RunChoice) -> int:
    """Synthesis processes on this machine: as asked, else one per core (measured fastest:
    docs/benchmarks.md)."""
    return choice.jobs if choice.jobs is not None else cores()


def cores() -> int:
    """Cores this process may use (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def threads_per_worker(workers: int) -> int:
    """onnxruntime threads for each of `workers` synthesis processes on this machine:
    workers x threads fits the cores, and never less than one."""
    return max(1, cores() // max(1, workers))


def write_job(job: EpisodeJob, clips: Iterable[Clip], cache: ClipCache) -> Episode:
    """The episode stage on `clips` (in piece order, possibly still arriving): assembly,
    loudness, the audio file, tags and sidecars at `job.audio_path`. The loudness memory and
    the working WAV live beside `cache`."""
    from ..episode import write_episode
    from ..speech.engines import gain_hint

    identity = dict(job.plan.identity)
    return write_episode(
        job.script, list(job.pieces), clips, job.audio_path, job.settings,
        engine_identity=identity, gain_hint_db=gain_hint(identity),
        album=job.album, cover=job.cover,
        cache_dir=cache.root.parent,
    )  # fmt: skip
