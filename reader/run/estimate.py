"""How long a build will take, before it starts: a pure function of what it must speak, the
voice's measured speed on this machine (reader.run.speed) and where it runs.

The model, each term measured:
- speaking: the audio to speak x the voice's wall seconds per audio second, measured in
  the setting the build uses (`rtf`; carried over to other settings by how speed grows
  with threads and with processes), plus the voice's load time (once: a pool's workers
  load side by side);
- assembling and encoding: every rebuilt episode's whole audio, cached clips too, at
  ENCODE_RTF; while a voice speaks, the episodes before the last are encoded beside it (the
  runners encode each episode as its clips arrive), so only the last one's adds to the wall
  time;
- start-up: what this process took to reach its plan (interpreter, imports, the survey;
  a build does the same before it speaks), else STARTUP_S;
and then the ratio real builds with the same voice and setting observed against this
model (VoiceSpeed.observed), so the estimate follows the machine as it is used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..config import RunChoice
from ..speech.plan import ClipJob, EngineSpec
from .base import EpisodeJob, cores
from .cluster import DaskRunner
from .speed import VoiceSpeed

# Wall seconds per second of episode audio for assembly, loudness and the MP3 (ffmpeg at
# nice 19 beside the engine), and a build's fixed start-up where it cannot be measured
# (no /proc): measured with the `tones` test
# engine, whose speech costs nothing, on a 2-core AMD EPYC (a 5-minute site: 7.5 CPU
# seconds in all with --jobs 1), rounded.
ENCODE_RTF = 0.02
STARTUP_S = 1.5
# A pool's worker processes start side by side: interpreter, imports (0.7 CPU seconds
# each, reader.run.POOL_MIN_CLIPS), on cores the others share.
POOL_START_S = 1.0
# How speed grows with cores, to carry a voice's speed measured in one setting over to
# another (the setting the build uses is measured itself): onnxruntime's threads on one
# synthesis as cores^THREAD_EXPONENT, single-threaded processes as cores^PROCESS_EXPONENT.
# Fitted to 1-against-2 measurements on 2 cores: threads 1.57x (Kokoro, Xeon), 1.69x
# (Kokoro, AMD EPYC with AVX2), 1.80x (Piper, Xeon); processes 1.65x (Kokoro, Xeon),
# 2.04x (Piper, Xeon).
THREAD_EXPONENT = 0.75
PROCESS_EXPONENT = 0.9
# Alternatives shown for a cluster: this many workers, each as fast as this machine.
CLUSTER_WORKERS = 4
CLUSTER = DaskRunner.name
LONG_BUILD_S = 3600.0  # a build longer than this says so at its start


@dataclass(frozen=True)
class VoiceWork:
    """What one voice must do: the words of the clips it must speak (not in the cache)."""

    spec: EngineSpec
    words: int
    clips: int


@dataclass(frozen=True)
class Workload:
    """A build's work: the articles it will (re)make, what each voice must speak, and the
    words of every rebuilt episode (all of which are assembled and encoded again)."""

    articles: tuple[str, ...]
    voices: tuple[VoiceWork, ...]
    episode_words: int

    @property
    def clips(self) -> int:
        return sum(voice.clips for voice in self.voices)


@dataclass(frozen=True)
class Setting:
    """Where the work runs, by the runner's name (reader.run.RUNNERS): "inline" (this
    process), "pool" with `workers` processes, or "dask" (a cluster) with `workers`."""

    runner: str
    workers: int = 1

    @property
    def key(self) -> str:
        return self.runner if self.runner == "inline" else f"{self.runner}:{self.workers}"

    def label(self) -> str:
        if self.runner == CLUSTER:
            return f"--cluster with {self.workers} workers like this machine"
        return f"--jobs {self.workers}"


@dataclass(frozen=True)
class Estimate:
    engine: str
    setting: Setting
    audio_seconds: float  # of clips to speak
    seconds: float  # wall time of the build
    speech_model_s: float  # speaking, before the observed correction (what builds check)
    overhead_s: float  # start-up, assembly and encoding


def setting_for(choice: RunChoice, clips: int) -> Setting:
    """The runner a build with `choice` uses for `clips` missing clips (reader.run)."""
    from . import runner_name
    from .base import local_workers

    name = runner_name(choice, clips)
    if name == CLUSTER:
        return Setting(CLUSTER, CLUSTER_WORKERS)
    return Setting(name, 1 if name == "inline" else local_workers(choice))


def capacity(setting: str, on_cores: int) -> float:
    """How many single threads' worth of speaking a setting key ("inline", "pool:2",
    "dask:4") gets out of `on_cores` cores (each cluster worker a machine like this)."""
    runner, _, count = setting.partition(":")
    one_process = float(on_cores**THREAD_EXPONENT)
    workers = int(count or 1)
    if runner == CLUSTER:
        return workers * one_process
    if runner == "pool" and workers > 1:
        used = min(workers, on_cores)
        threads = max(1, on_cores // workers)
        return float(used**PROCESS_EXPONENT * threads**THREAD_EXPONENT)
    return one_process


def pool_gain(measured: str, target: str, on_cores: int) -> float:
    """How much faster the `target` setting speaks than the one a voice was `measured` in."""
    return capacity(target, on_cores) / capacity(measured, on_cores)


def estimate(
    work: Workload, speeds: Mapping[EngineSpec, VoiceSpeed], setting: Setting,
    *, on_cores: int | None = None, startup_s: float = STARTUP_S,
) -> Estimate:
    """The build's wall time for `work` under `setting` (see the module's model).
    `startup_s`: the start-up as measured (a dry run's own, up to its plan), else STARTUP_S."""
    on_cores = cores() if on_cores is None else on_cores
    encoders = setting.workers if setting.runner == CLUSTER else 1
    audio = model = corrected = 0.0
    for voice in work.voices:
        if not voice.words:
            continue
        speed = speeds[voice.spec]
        spoken = voice.words * speed.per_word
        gain = pool_gain(speed.setting, setting.key, on_cores)
        seconds = speed.load_s + spoken * speed.rtf / gain
        audio += spoken
        model += seconds
        corrected += seconds * speed.observed.get(setting.key, 1.0)
    per_word = _mean_per_word(work.voices, speeds)
    encoding = work.episode_words * per_word * ENCODE_RTF / encoders
    if audio:  # episodes are encoded while the voice speaks: only the last one's comes after
        encoding /= max(1, len(work.articles))
    overhead = startup_s + encoding
    if setting.runner == "pool" and audio:
        overhead += POOL_START_S
    engine = "+".join(sorted({voice.spec.name for voice in work.voices})) or "none"
    return Estimate(engine, setting, audio, corrected + overhead, model, overhead)


def _mean_per_word(voices: Sequence[VoiceWork], speeds: Mapping[EngineSpec, VoiceSpeed]) -> float:
    measured = [speeds[voice.spec].per_word for voice in voices if voice.spec in speeds]
    return sum(measured) / len(measured) if measured else 0.4  # about 150 words a minute


def alternatives(
    work: Workload, speeds: Mapping[EngineSpec, VoiceSpeed], current: Setting,
    *, on_cores: int | None = None, startup_s: float = STARTUP_S,
) -> list[Estimate]:
    """The same work under the other settings worth knowing: one process, every core, a
    cluster (each slower or faster than `current`)."""
    on_cores = cores() if on_cores is None else on_cores
    settings = [Setting("inline"), Setting("pool", on_cores), Setting(CLUSTER, CLUSTER_WORKERS)]
    return [estimate(work, speeds, setting, on_cores=on_cores, startup_s=startup_s)
            for setting in settings
            if setting.key != current.key and not (setting.runner == "pool" and on_cores < 2)]


def with_engine(work: Workload, name: str) -> Workload:
    """The same work spoken by engine `name` with its default voice (an alternative engine)."""
    merged: dict[EngineSpec, tuple[int, int]] = {}
    for voice in work.voices:
        spec = EngineSpec(name, None, voice.spec.lang)
        words, clips = merged.get(spec, (0, 0))
        merged[spec] = (words + voice.words, clips + voice.clips)
    voices = tuple(VoiceWork(spec, words, clips) for spec, (words, clips) in merged.items())
    return Workload(work.articles, voices, work.episode_words)


def missing_clips(jobs: Sequence[EpisodeJob]) -> list[tuple[EngineSpec, ClipJob]]:
    """The distinct clips making `jobs` must speak (a sentence two articles share is
    spoken once), in order, each with the voice that speaks it."""
    seen: set[str] = set()
    found: list[tuple[EngineSpec, ClipJob]] = []
    for job in jobs:
        for clip in job.plan.missing:
            if clip.key not in seen:
                seen.add(clip.key)
                found.append((job.plan.spec_for(clip), clip))
    return found


def texts_by_voice(jobs: Sequence[EpisodeJob]) -> dict[EngineSpec, list[str]]:
    """Each voice's texts to speak, in order: what a first measurement of it speaks."""
    found: dict[EngineSpec, list[str]] = {}
    for spec, clip in missing_clips(jobs):
        found.setdefault(spec, []).append(clip.text)
    return found


def workload(jobs: Sequence[EpisodeJob]) -> Workload:
    """What making `jobs` takes: each voice's clips to speak, and every episode's words."""
    voices = tuple(VoiceWork(spec, sum(len(text.split()) for text in texts), len(texts))
                   for spec, texts in texts_by_voice(jobs).items())
    words = sum(len(clip.text.split()) for job in jobs for clip in job.plan.jobs)
    return Workload(tuple(job.name for job in jobs), voices, words)


def duration_text(seconds: float) -> str:
    """"45 s", "12 min", "2 h 05 min": how long, for a person."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
