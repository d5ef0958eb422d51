"""On every core of this machine: a pool of worker processes speaks the clips (`--jobs N`).

Every missing clip of the build is queued at once, in episode order, one task per clip: a
long article's clips are spread over all the workers, and no worker waits for an episode
to be assembled. Each worker loads the voice once and uses cores / N onnxruntime threads
(measured: single-threaded workers beat one multi-threaded process; docs/benchmarks.md).
Workers write each clip into the cache atomically; this process assembles and encodes the
episodes in order, each clip as soon as it is there (encode-while-speaking survives).

A worker that dies (killed, out of memory) breaks the standard library's pool as a whole:
the clips that were not finished yet go to a fresh pool, with one line saying so. Clips
already in the cache are never spoken again, so the cost is only the unfinished ones.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import ClassVar

from ..errors import UserError
from ..speech.plan import ClipJob, EngineSpec, clips_in_order
from . import worker
from .base import (
    ClipTally,
    EpisodeJob,
    Made,
    Runner,
    WorkerLost,
    local_workers,
    threads_per_worker,
    write_job,
)

# A pool broken this many times in one build stops it: something kills every worker
# (memory too small for this many voices at once), and retrying would loop forever.
MAX_RESTARTS = 3


@dataclass
class _Queued:
    spec: EngineSpec
    job: ClipJob
    future: Future[bool]
    executor: ProcessPoolExecutor  # the pool it was given to


class PoolRunner(Runner):
    name: ClassVar[str] = "pool"

    def _setup(self) -> None:
        """Size the pool; its processes start with the first clip."""
        self.workers = max(1, local_workers(self.choice))
        self.threads = threads_per_worker(self.workers)
        self.restarts = 0
        self._executor: ProcessPoolExecutor | None = None
        self._queued: dict[str, _Queued] = {}
        self._lock = threading.RLock()
        self._tally: ClipTally | None = None
        self._outstanding = 0
        self._given_up: WorkerLost | None = None

    # -- the pool ---------------------------------------------------------------------

    def _pool(self) -> ProcessPoolExecutor:
        """The pool, started on the first clip to speak. "spawn": a fresh interpreter per
        worker, never a fork of this process's threads (progress display, onnxruntime)."""
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker.setup,
                initargs=(self.threads,),
            )
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _submit(self, spec: EngineSpec, job: ClipJob) -> None:
        with self._lock:
            pool = self._pool()
            future = pool.submit(worker.speak_into_cache, spec, job, self.cache.root.parent)
            self._queued[job.key] = _Queued(spec, job, future, pool)
            self._outstanding += 1
            self.progress.workers(min(self.workers, self._outstanding), self.workers)
        future.add_done_callback(self._finished)

    def _finished(self, future: Future[bool]) -> None:
        """Told by the pool's thread as each clip is done (or lost with a broken pool)."""
        with self._lock:
            self._outstanding -= 1
            busy = min(self.workers, self._outstanding)
        self.progress.workers(busy, self.workers)
        if future.cancelled() or future.exception() is not None:
            return
        if self._tally is not None:
            self._tally.add(spoken=future.result())

    # -- episodes ---------------------------------------------------------------------

    def make_episodes(self, jobs: Sequence[EpisodeJob]) -> Iterator[Made]:
        self._tally = ClipTally(self.progress, jobs)
        # Every clip queued now, in episode order: the workers run ahead of assembly.
        owned: dict[str, list[str]] = {}  # job name -> the clips it queued (counted for it)
        for job in jobs:
            for clip in job.plan.missing:
                if clip.key not in self._queued:
                    owned.setdefault(job.name, []).append(clip.key)
                    self._submit(job.plan.spec_for(clip), clip)
        for job in jobs:
            mine = owned.pop(job.name, [])
            try:
                episode = write_job(
                    job, clips_in_order(job.plan, self.cache, self._ready_for(job)), self.cache
                )
            except UserError as exc:
                yield Made(job, None, exc, self._spoken(mine))
                continue
            yield Made(job, episode, None, self._spoken(mine))

    def _spoken(self, keys: list[str]) -> int:
        futures = [self._queued[key].future for key in keys if key in self._queued]
        return sum(
            1 for f in futures if f.done() and not f.cancelled() and f.exception() is None
            and f.result()
        )  # fmt: skip

    def _ready_for(self, episode: EpisodeJob) -> Callable[[ClipJob], None]:
        def ready(clip: ClipJob) -> None:
            self._wait(episode.plan.spec_for(clip), clip)

        return ready

    def _wait(self, spec: EngineSpec, clip: ClipJob) -> None:
        """Return once `clip` is in the cache: queued by make_episodes, or queued now (a
        clip that was cached when planned and has gone, or was found damaged). A worker's
        error (an engine that cannot run) is raised here, in the episode that needs it."""
        while True:
            with self._lock:
                if self._given_up is not None:
                    raise self._given_up
                queued = self._queued.get(clip.key)
                pending = queued is not None and not queued.future.done()
                if not pending and self.cache.has(clip.key):
                    return
                if self._needs_submit(queued):
                    self._submit(spec, clip)
                    queued = self._queued[clip.key]
            assert queued is not None
            try:
                queued.future.result()
                return
            except BrokenProcessPool:
                self._recover(queued.executor)

    def _needs_submit(self, queued: _Queued | None) -> bool:
        if queued is None or queued.future.cancelled():
            return True
        if not queued.future.done():
            return False
        error = queued.future.exception()
        if error is None:
            return True  # made, yet not in the cache: found damaged and discarded
        # Lost with a pool that has been replaced since (its clip was not handed over).
        return isinstance(error, BrokenProcessPool) and queued.executor is not self._executor

    def _recover(self, broken: ProcessPoolExecutor) -> None:
        """A worker died and took the pool with it: unfinished clips go to a new pool."""
        with self._lock:
            if self._executor is not broken:
                return  # already replaced; _wait hands its clip over
            unfinished = [
                q for q in self._queued.values()
                if q.executor is broken and q.future.done() and not q.future.cancelled()
                and isinstance(q.future.exception(), BrokenProcessPool)
                and not self.cache.has(q.job.key)
            ]  # fmt: skip
            self.restarts += 1
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            if self.restarts > MAX_RESTARTS:
                self._given_up = WorkerLost(
                    f"synthesis workers stopped {self.restarts} times (killed, or out of "
                    f"memory?); {len(unfinished)} clips were not made: run the build again "
                    "to make only those, with fewer --jobs if memory is short"
                )
                raise self._given_up
            self.report(
                f"warning: a synthesis worker stopped (killed, or out of memory?); "
                f"{len(unfinished)} unfinished clips go to new workers"
            )
            for queued in unfinished:
                self._submit(queued.spec, queued.job)
