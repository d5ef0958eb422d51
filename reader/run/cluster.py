"""On a Dask cluster (`--cluster tcp://HOST:8786`): the workers speak, assemble and encode.

The user starts the cluster with Dask's own tools (`dask scheduler`, `dask worker`,
dask-jobqueue, dask-kubernetes...); this machine only plans and writes. Per episode, one
task per missing clip (a long article is spread over every worker) and one task that
assembles, levels, encodes and tags the episode from those clips on a worker. What comes
back: the clips (into this machine's cache, so the next local build is incremental) and the
episode's files as bytes, which are written here atomically as in any build. Workers need
only the installed package: no shared file system, no access to the articles folder.

A worker that is lost mid-build (killed, out of memory) costs only its running tasks: the
scheduler runs them again elsewhere (Dask's allowed-failures), results come back once, and
each file is written once. Episodes are submitted a few at a time, so the cluster's memory
holds the clips of the episodes in flight, not of the whole archive.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import UserError
from ..fsutil import safe_join, write_bytes_atomic
from . import worker
from .base import ClipTally, EpisodeJob, Made, Runner

if TYPE_CHECKING:
    from ..models import Episode

INSTALL_HINT = "pip install 'read-or-listen[cluster]'"
# How long to wait for a scheduler is Dask's own setting (distributed.comm.timeouts.connect,
# e.g. DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT=10s); for its first worker, this long:
WORKERS_TIMEOUT_S = 60
# A task whose *code* raised is tried this many more times (a worker's network blip for an
# online engine); a task whose worker died is rerun by the scheduler on its own terms.
RETRIES = 2


def require_dask() -> None:
    """--cluster without Dask installed: one line saying how to install it."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise UserError(
            f"--cluster (or [build] cluster) needs Dask distributed, which is not installed "
            f"here: {INSTALL_HINT}"
        ) from exc


class DaskRunner(Runner):
    name: ClassVar[str] = "dask"

    def _setup(self) -> None:
        """Check that Dask is here and a scheduler is named; connect later."""
        require_dask()
        if not self.choice.cluster:
            raise UserError("no Dask scheduler address given (--cluster tcp://HOST:8786)")
        self.address = self.choice.cluster
        self._client: Any = None

    # -- connecting -------------------------------------------------------------------

    def _connect(self) -> Any:
        from distributed import Client

        where = f"the Dask scheduler at {self.address} (--cluster or [build] cluster)"
        try:
            client = Client(self.address, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UserError(
                f"cannot reach {where}: {exc}; start one with `dask scheduler` and its "
                f"workers with `dask worker {self.address}`"
            ) from exc
        try:
            self._check_workers(client, where)
        except BaseException:
            client.close()
            raise
        self._client = client
        return client

    def _check_workers(self, client: Any, where: str) -> None:
        """At least one worker, and every worker runs the same `reader` as this machine:
        an episode must sound the same whichever worker made it."""
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError as exc:
            raise UserError(
                f"no worker joined {where} within {WORKERS_TIMEOUT_S} s; start one with "
                f"`dask worker {self.address}`"
            ) from exc
        try:
            versions: dict[str, str] = client.run(worker.installed_version)
        except Exception as exc:  # the worker cannot even unpickle the call: no reader there
            raise UserError(
                f"the workers of {where} cannot run reader ({type(exc).__name__}: {exc}); "
                f"install it on every worker: {INSTALL_HINT}"
            ) from exc
        here = worker.installed_version()
        other = sorted({v for v in versions.values() if v != here})
        if other:
            raise UserError(
                f"workers of {where} run read-or-listen {', '.join(other)}, this machine "
                f"{here}: install the same version everywhere"
            )

    def close(self) -> None:
        if self._client is not None:
            self._client.close()  # the cluster itself is the user's: it keeps running
            self._client = None

    # -- episodes ---------------------------------------------------------------------

    def make_episodes(self, jobs: Sequence[EpisodeJob]) -> Iterator[Made]:
        if not jobs:
            return
        client = self._client or self._connect()
        yield from _Session(self, client, jobs).run()


class _Session:
    """One build's traffic with the cluster: a window of episodes in flight."""

    def __init__(self, runner: DaskRunner, client: Any, jobs: Sequence[EpisodeJob]) -> None:
        from distributed import as_completed

        self.runner = runner
        self.cache = runner.cache
        self.client = client
        self.tally = ClipTally(runner.progress, jobs)
        self.threads = max(1, sum(client.nthreads().values()))
        # Enough episodes in flight to keep every worker thread busy while one is encoded.
        self.window = max(2, 2 * self.threads)
        self.waiting = deque(jobs)
        self.done: Any = as_completed(loop=client.loop)
        self.clip_futures: dict[str, Any] = {}  # key -> future, while not yet back here
        self.clip_of: dict[Any, str] = {}
        self.episodes: dict[Any, EpisodeJob] = {}
        self.owned: dict[str, list[str]] = {}  # job name -> keys it asked to be spoken
        self.spoken: dict[str, bool] = {}

    def run(self) -> Iterator[Made]:
        for _ in range(min(self.window, len(self.waiting))):
            self._submit_next()
        for future in self.done:
            if future in self.clip_of:
                self._clip_back(future)
            else:
                job = self.episodes.pop(future)
                yield self._episode_back(job, future)
                if self.waiting:
                    self._submit_next()
            self._busy()

    def _busy(self) -> None:
        outstanding = len(self.clip_of) + len(self.episodes)
        self.runner.progress.workers(min(self.threads, outstanding), self.threads)

    def _submit_next(self) -> None:
        job = self.waiting.popleft()
        clips: dict[str, Any] = {}
        here: dict[str, Any] = {}
        for clip in job.plan.jobs:
            if clip.key in clips or clip.key in here:
                continue
            future = self.clip_futures.get(clip.key)
            if future is None:
                local = self.cache.get(clip.key)
                if local is not None:
                    here[clip.key] = local
                    continue
                future = self.client.submit(
                    worker.speak_clip, job.plan.spec_for(clip), clip,
                    key=f"reader-clip-{clip.key}", retries=RETRIES,
                )  # fmt: skip
                self.clip_futures[clip.key] = future
                self.clip_of[future] = clip.key
                self.owned.setdefault(job.name, []).append(clip.key)
                self.done.add(future)
            clips[clip.key] = future
        if here:
            # Clips this machine has already: sent along (the workers' caches are theirs).
            clips.update(self.client.scatter(here, hash=False))
        episode = self.client.submit(
            worker.encode_on_worker, job, clips, _files_of(job),
            key=f"reader-episode-{job.script.meta.slug}-{uuid.uuid4().hex[:8]}",
            retries=RETRIES, pure=False,
        )  # fmt: skip
        self.episodes[episode] = job
        self.done.add(episode)

    def _clip_back(self, future: Any) -> None:
        """A clip came back: into this machine's cache, once."""
        key = self.clip_of[future]
        if future.status not in ("finished", "error", "cancelled"):
            # Its worker died holding it (lost, pending again): Dask makes it again for the
            # episode that needs it; wait for that, or this machine's cache would lack it.
            self.done.add(future)
            return
        del self.clip_of[future]
        self.clip_futures.pop(key, None)  # later episodes send it from the cache
        if future.status != "finished":
            return  # its episode reports the error
        result: worker.SpokenClip = future.result()
        if not self.cache.has(key):
            self.cache.put(key, result.clip)
        self.spoken[key] = result.spoken
        self.tally.add(spoken=result.spoken)

    def _episode_back(self, job: EpisodeJob, future: Any) -> Made:
        spoken = sum(1 for key in self.owned.pop(job.name, []) if self.spoken.get(key))
        try:
            remote: worker.RemoteEpisode = future.result()
        except UserError as exc:
            return Made(job, None, exc, spoken)
        except Exception as exc:
            from distributed import KilledWorker

            if not isinstance(exc, KilledWorker):
                raise
            lost = UserError(
                "its work lost one worker after another (killed, or out of memory?); "
                "run the build again to finish it", path=job.name,
            )  # fmt: skip
            return Made(job, None, lost, spoken)
        return Made(job, _write_files(job, remote), None, spoken)


def _files_of(job: EpisodeJob) -> dict[str, bytes]:
    """What the episode uses from this machine's disk, sent along as bytes."""
    files: dict[str, bytes] = {}
    for name, path in (
        ("cover", job.cover), ("intro", job.settings.intro), ("outro", job.settings.outro)
    ):
        if path is not None:
            files[name] = Path(path).read_bytes()
    return files


def _write_files(job: EpisodeJob, remote: worker.RemoteEpisode) -> Episode:
    """The worker's files written beside `job.audio_path`, each atomically, the audio last."""
    folder = job.audio_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    audio_name = job.audio_path.name
    for name in sorted(remote.files, key=lambda n: n == audio_name):
        write_bytes_atomic(safe_join(folder, name), remote.files[name])
    episode = remote.episode
    return replace(
        episode,
        audio_path=job.audio_path,
        vtt_path=safe_join(folder, episode.vtt_path.name),
        chapters_path=safe_join(folder, episode.chapters_path.name),
        transcript_path=safe_join(folder, episode.transcript_path.name),
    )
