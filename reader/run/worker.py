"""What runs inside a worker process: a local pool's, or a Dask worker's on any machine.

Module-level functions only, so they pickle by reference: a worker needs nothing but the
installed package. Each process keeps its engines (and so the loaded voice) for its whole
life: the first clip a worker speaks loads the voice, the following ones reuse it.
"""

from __future__ import annotations

import signal
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..speech.cache import ClipCache
from ..speech.clip import Clip
from ..speech.engines.base import Engine
from ..speech.plan import ClipJob, EngineSpec, fill

if TYPE_CHECKING:
    from ..models import Episode
    from .base import EpisodeJob

_ENGINES: dict[EngineSpec, Engine] = {}
_LOCK = threading.Lock()  # a Dask worker runs tasks on several threads of one process
_THREADS_SET: list[bool] = [False]


def setup(threads: int) -> None:
    """A pool worker's start: `threads` cores per synthesis, and Ctrl-C left to the build
    (it stops the pool itself; a worker would only print a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _use_threads(threads)


def _use_threads(threads: int) -> None:
    from ..speech.engines import ENGINES, engine_class

    for name in ENGINES:
        engine_class(name).use_threads(threads)
    _THREADS_SET[0] = True


def engine_for(spec: EngineSpec) -> Engine:
    with _LOCK:
        if spec not in _ENGINES:
            _ENGINES[spec] = spec.create()
        return _ENGINES[spec]


def speak_into_cache(spec: EngineSpec, job: ClipJob, cache_root: Path) -> bool:
    """A pool worker's task: the clip into the shared cache (atomically). True when the
    engine spoke it, False when it was there already."""
    return fill([job], engine_for(spec), ClipCache(cache_root)) == 1


# -- on a Dask worker -------------------------------------------------------------------


@dataclass(frozen=True)
class SpokenClip:
    clip: Clip
    spoken: bool  # False: the worker's own cache had it


@dataclass(frozen=True)
class RemoteEpisode:
    """A finished episode as a cluster worker hands it back: the Episode (its paths are the
    worker's, meaningless here) and every file written beside the MP3, by name."""

    episode: Episode
    files: dict[str, bytes]


def speak_clip(spec: EngineSpec, job: ClipJob) -> SpokenClip:
    """A Dask task: one clip, from this worker's own cache or spoken (and cached there).

    One onnxruntime thread per synthesis: Dask runs one task per worker thread, and by
    default a worker has a thread per core."""
    if not _THREADS_SET[0]:
        _use_threads(1)
    cache = ClipCache()  # the worker's own: $READER_CACHE_DIR or the user's cache folder
    clip = cache.get(job.key)
    if clip is not None:
        return SpokenClip(clip, spoken=False)
    clip = engine_for(spec).synthesize(job.text)
    cache.put(job.key, clip)
    return SpokenClip(clip, spoken=True)


def encode_on_worker(
    job: EpisodeJob, clips: dict[str, SpokenClip | Clip], files: dict[str, bytes]
) -> RemoteEpisode:
    """A Dask task: assemble, level, encode and tag one episode from its clips (by key), in
    a temporary folder, and hand back every file it wrote.

    `files` holds what the client has on its disk and the episode uses: "cover", "intro",
    "outro", as bytes."""
    from .base import write_job

    with tempfile.TemporaryDirectory(prefix="reader-episode-") as folder:
        here = Path(folder)
        local = {name: _written(here / f"input-{name}", data) for name, data in files.items()}
        out = here / "out"
        out.mkdir()
        settings = replace(job.settings, intro=local.get("intro"), outro=local.get("outro"))
        remote = replace(
            job, audio_path=out / job.audio_path.name, cover=local.get("cover"), settings=settings
        )
        ordered = (_clip(clips[clip.key]) for clip in job.plan.jobs)
        episode = write_job(remote, ordered, ClipCache())
        written = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    return RemoteEpisode(episode, written)


def _clip(value: SpokenClip | Clip) -> Clip:
    return value.clip if isinstance(value, SpokenClip) else value


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def installed_version() -> str:
    """What `reader` a Dask worker runs: checked against the client's before a build."""
    from importlib import metadata

    return metadata.version("read-or-listen")
