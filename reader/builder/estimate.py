"""How long a build will take, said before it starts: `reader build --dry-run`, the warning
at the start of a long build, and what a real build tells the speed record afterwards.

The work is planned exactly as the build plans it (survey, plan, each episode's speech
against the clip cache), so only what an incremental build would really speak counts; the
time comes from this machine's measured speed (reader.run.speed, reader.run.estimate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config, audio_settings_for
from ..errors import UserError
from ..layout import EPISODES_DIR
from ..progress import Report
from ..run.base import EpisodeJob, cores
from ..run.estimate import (
    LONG_BUILD_S,
    STARTUP_S,
    Estimate,
    Setting,
    Workload,
    alternatives,
    duration_text,
    estimate,
    missing_clips,
    setting_for,
    texts_by_voice,
    with_engine,
    workload,
)
from ..run.machine import cpu_model, kernel_isas, process_age
from ..run.speed import SpeedBook, VoiceSpeed
from ..speech.plan import EngineSpec
from .manifest import Manifest
from .plan import Rebuild, plan_build
from .sources import survey

if TYPE_CHECKING:
    from ..run.jobs import JobPlanner

# The engine a slower voice's estimate is compared with: the fast offline voice.
FAST_ENGINE = "piper"


@dataclass(frozen=True)
class Forecast:
    """A build's estimate on this machine, and the same work done other ways."""

    articles: tuple[str, ...]  # the articles with something to speak
    clips: int
    estimate: Estimate
    others: tuple[Estimate, ...]
    startup_s: float = 0.0  # of the estimate's overhead, what comes before the speaking

    def to_json(self) -> dict[str, Any]:
        def one(item: Estimate) -> dict[str, Any]:
            return {"engine": item.engine, "setting": item.setting.label(),
                    "audio_seconds": round(item.audio_seconds, 1),
                    "seconds": round(item.seconds, 1)}

        return {
            "articles": list(self.articles),
            "clips": self.clips,
            **one(self.estimate),
            "startup_seconds": round(self.startup_s, 1),
            "cpu": cpu_model(),
            "cores": cores(),
            "instruction_sets": list(kernel_isas()),
            "alternatives": [one(other) for other in self.others],
        }

    def lines(self) -> list[str]:
        main = self.estimate
        if not self.clips:
            return [f"would speak nothing: every sentence to build is in the clip cache "
                    f"(expected: {duration_text(main.seconds)})"]
        count = len(self.articles)
        lines = [
            f"would speak {count} article{'s' if count != 1 else ''} ({self.clips} clips, "
            f"{main.audio_seconds / 60:.1f} min of audio)"
            + (": " + ", ".join(self.articles[:8]) + (", ..." if count > 8 else "")
               if count else ""),
            f"expected: {duration_text(main.seconds)} with {main.engine}, "
            f"{main.setting.label()} on {cpu_model()} ({cores()} cores)",
        ]
        lines += [f"  or {duration_text(other.seconds)} with {other.engine}, "
                  f"{other.setting.label()}" for other in self.others]
        return lines


def dry_run(
    articles: Path | None,
    output: Path,
    config_path: Path,
    *,
    engine: str | None = None,
    voice: str | None = None,
    jobs: int | None = None,
    cluster: str | None = None,
) -> Forecast:
    """What `reader build` with these arguments would speak and how long it would take.
    Speaks nothing for the build and writes nothing in `output`; the first estimate for a
    voice on this machine measures it (a few seconds, kept beside the clip cache)."""
    from ..run.jobs import JobPlanner
    from . import build_settings, configured

    config, articles = configured(articles, config_path, jobs=jobs, cluster=cluster)
    settings = build_settings(config, engine, voice)
    old = Manifest.load(output)
    plan = plan_build(old, survey(articles, output, old, settings), settings)
    planner = JobPlanner.open(config.cache_dir, config.lexicon_path)
    episode_jobs = [_job(item, config, engine, voice, output, planner) for item in plan.rebuild]
    found = forecast(episode_jobs, config, measure=True, alternatives_too=True)
    if not found.clips:  # no voice to name from the work: the one the build would use
        chosen = replace(found.estimate, engine=engine or config.audio.engine)
        found = replace(found, estimate=chosen, others=())
    return found


def _job(item: Rebuild, config: Config, engine: str | None, voice: str | None,
         output: Path, planner: JobPlanner) -> EpisodeJob:
    """The item's episode job as the build plans it (its speech against the clip cache);
    nothing is written at its path."""
    settings = audio_settings_for(config, item.article.meta, engine=engine, voice=voice)
    return planner.job(item.source, item.script, settings, output / EPISODES_DIR / "dry-run")


def forecast(
    jobs: Sequence[EpisodeJob], config: Config, *, measure: bool,
    alternatives_too: bool = False,
) -> Forecast:
    """The estimate for making `jobs` with `config`'s run setting. `measure`: measure a
    voice this machine has no record of (else a voice without one counts as unknown:
    the estimate is then of the measured voices only)."""
    startup = process_age()  # before any measuring: what the build spends before speaking
    startup_s = STARTUP_S if startup is None else startup
    work = workload(jobs)
    book = _book(config)
    texts = texts_by_voice(jobs)
    setting = setting_for(config.run, work.clips)
    workers = setting.workers if setting.runner == "pool" else 1
    speeds = _speeds(book, work, texts, measure, workers)
    known = Workload(work.articles, tuple(v for v in work.voices if v.spec in speeds),
                     work.episode_words)
    main = estimate(known, speeds, setting, startup_s=startup_s)
    others: list[Estimate] = []
    if alternatives_too:
        others += alternatives(known, speeds, setting, startup_s=startup_s)
        fast = with_engine(known, FAST_ENGINE)
        if fast.voices and main.engine != FAST_ENGINE:
            fast_texts = {voice.spec: _all_texts(texts) for voice in fast.voices}
            fast_speeds = _speeds(book, fast, fast_texts, measure, workers)
            if all(voice.spec in fast_speeds for voice in fast.voices):
                others.append(estimate(fast, fast_speeds, setting, startup_s=startup_s))
    spoken = tuple(job.name for job in jobs if job.plan.missing)
    return Forecast(spoken, work.clips, main, tuple(others), startup_s)


def _all_texts(texts: dict[EngineSpec, list[str]]) -> list[str]:
    return [text for found in texts.values() for text in found]


def _book(config: Config) -> SpeedBook:
    from ..speech.cache import ClipCache

    return SpeedBook(ClipCache(config.cache_dir).root.parent)


def _speeds(
    book: SpeedBook, work: Workload, texts: dict[EngineSpec, list[str]], measure: bool,
    workers: int,
) -> dict[EngineSpec, VoiceSpeed]:
    """Each voice's record; measured now, with `workers` processes as the build will use,
    where there is none and `measure` says so. A voice that cannot speak here (not
    installed, no network) is left out."""
    speeds: dict[EngineSpec, VoiceSpeed] = {}
    for voice in work.voices:
        found = book.get(voice.spec)
        if found is None and measure:
            try:
                found = book.measured(voice.spec, texts.get(voice.spec, []), workers)
            except (UserError, OSError, RuntimeError):
                continue  # the build itself reports why this voice cannot speak
        if found is not None:
            speeds[voice.spec] = found
    return speeds


def warn_if_long(found: Forecast, report: Report) -> None:
    """At a build's start: one line when it will take more than an hour, with the faster
    ways from the forecast."""
    if found.estimate.seconds <= LONG_BUILD_S:
        return
    faster = [other for other in found.others if other.seconds < found.estimate.seconds]
    ways = "; ".join(f"{other.engine} {other.setting.label()}: about "
                     f"{duration_text(other.seconds)}" for other in faster)
    report(f"note: this build will take about {duration_text(found.estimate.seconds)} "
           f"({found.estimate.audio_seconds / 60:.0f} min of audio with "
           f"{found.estimate.engine}, {found.estimate.setting.label()})"
           + (f"; faster: {ways}" if ways else "")
           + "; `reader build --dry-run` shows the estimate without building")


def observe(found: Forecast, jobs: Sequence[EpisodeJob], config: Config, wall_s: float,
            setting: Setting) -> None:
    """Tell the speed record what this build took, per voice, for the next estimate."""
    from ..run.speed import record_build
    from ..speech.cache import ClipCache

    cache = ClipCache(config.cache_dir)
    book = _book(config)
    work = workload(jobs)
    if len(work.voices) != 1:
        return  # one observation cannot be split between voices
    (voice,) = work.voices
    audio = sum(_clip_seconds(cache.path_for(clip.key)) for _, clip in missing_clips(jobs))
    # The episodes phase's wall time, less what the model gives assembly and encoding,
    # against the model's speaking time: the correction the next estimate applies.
    speaking = wall_s - (found.estimate.overhead_s - found.startup_s)
    record_build(book, voice.spec, setting.key, predicted_s=found.estimate.speech_model_s,
                 wall_s=speaking, audio_s=audio, words=voice.words)


def _clip_seconds(path: Path) -> float:
    """A cached clip's length from its WAV header (0 when it is not there)."""
    import wave

    try:
        with wave.open(str(path), "rb") as clip:
            return clip.getnframes() / clip.getframerate()
    except (OSError, wave.Error, EOFError):
        return 0.0
