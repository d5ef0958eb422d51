"""Where the work runs: in this process, on a pool of local processes, or on a Dask cluster.

One switch, as beets runs one import pipeline with run_sequential() or run_parallel():
`reader build --jobs N` (and `[build] jobs`) picks the local pool, `--cluster ADDRESS`
(and `[build] cluster`) a Dask cluster, and the build itself reads the same either way.
Adding a place to run is one module with a Runner subclass and one line in RUNNERS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import RunChoice
from ..progress import Report
from .base import EpisodeJob, Made, Runner, RunProgress, WorkerLost, local_workers
from .cluster import DaskRunner
from .inline import InlineRunner
from .pool import PoolRunner

if TYPE_CHECKING:
    from ..speech.cache import ClipCache
    from ..speech.plan import Progress as SpeechProgress

RUNNERS: dict[str, type[Runner]] = {
    InlineRunner.name: InlineRunner,
    PoolRunner.name: PoolRunner,
    DaskRunner.name: DaskRunner,
}

# Below this many clips to speak, the default (no --jobs) stays in this process: a worker
# costs about 0.7 s of CPU to start (interpreter, imports, voice; measured), and on two
# cores the pool saves 10-40 % of the synthesis, which pays for that from about 60 clips
# (some 10 s of speaking). A one-sentence edit never waits for a pool.
POOL_MIN_CLIPS = 60


def runner_name(choice: RunChoice, clips_to_speak: int) -> str:
    """Which runner a build uses for `clips_to_speak` missing clips."""
    if choice.cluster:
        return DaskRunner.name
    if local_workers(choice) <= 1:
        return InlineRunner.name
    if choice.jobs is None and clips_to_speak < POOL_MIN_CLIPS:
        return InlineRunner.name
    return PoolRunner.name


def make_runner(
    choice: RunChoice,
    clips_to_speak: int,
    cache: ClipCache,
    *,
    report: Report,
    progress: RunProgress | None = None,
    piece_progress: SpeechProgress | None = None,
) -> Runner:
    runner_type = RUNNERS[runner_name(choice, clips_to_speak)]
    return runner_type(cache, report=report, progress=progress, choice=choice,
                       piece_progress=piece_progress)


def make_one(
    job: EpisodeJob,
    cache: ClipCache,
    choice: RunChoice,
    *,
    report: Report,
    progress: RunProgress | None = None,
    piece_progress: SpeechProgress | None = None,
) -> Made:
    """One episode, made by the runner a build of it alone would use: `reader speak`."""
    to_speak = len(job.plan.missing)
    with make_runner(
        choice, to_speak, cache, report=report, progress=progress, piece_progress=piece_progress
    ) as runner:
        (made,) = runner.make_episodes([job])
    return made


__all__ = [
    "RUNNERS",
    "EpisodeJob",
    "Made",
    "Report",
    "RunChoice",
    "RunProgress",
    "Runner",
    "WorkerLost",
    "make_one",
    "make_runner",
    "runner_name",
]
