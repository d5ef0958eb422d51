"""Stage 3 — speech: an episode's spoken texts -> the clips it needs, filled by an engine.

A plan lists one job per spoken piece (the text after the lexicon, keyed by the hash the
clip cache uses) and marks the ones already cached. Filling the missing ones is a separate
step that needs only the jobs and the engine's settings (`EngineSpec`), so it can run in
this process, in a pool or on another machine. The episode stage never sees an engine: it
reads the clips in order from the cache (`clips_in_order`), and the `ready` callback decides
how each clip gets there. In-process (`SpeakInOrder`) it synthesises the clip right then,
which keeps assembly and encoding running while the engine speaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from .cache import ClipCache, clip_key
from .clip import Clip
from .engines import create_engine
from .engines.base import Engine
from .lexicon import Lexicon

# progress(done, cached, total): pieces finished so far, how many of them came from the cache.
Progress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class EngineSpec:
    """What a worker needs to create the engine: picklable, no loaded model."""

    name: str
    voice: str | None = None
    lang: str | None = None

    def create(self) -> Engine:
        """The engine, through the registry; cheap, since engines load models on first use."""
        return create_engine(self.name, self.voice, self.lang)


@dataclass(frozen=True)
class ClipJob:
    key: str  # the clip-cache key: clip_key(engine identity, text)
    text: str  # exactly what the engine is asked to say (after the lexicon)
    # Who says it when not the plan's engine: a block quotation's second voice.
    engine: EngineSpec | None = None


@dataclass(frozen=True)
class SpeechPlan:
    engine: EngineSpec
    jobs: tuple[ClipJob, ...]  # one per spoken piece, in episode order
    cached: frozenset[str]  # keys already in the cache when planned
    # The engine's identity (what the cache keys hash besides the text), as sorted pairs so
    # the plan stays a hashable value: the episode stage keys its loudness memory by it.
    identity: tuple[tuple[str, str], ...] = ()

    def spec_for(self, job: ClipJob) -> EngineSpec:
        """The engine that speaks `job`: its own (a quotation's voice), else the plan's."""
        return job.engine or self.engine

    @property
    def missing(self) -> tuple[ClipJob, ...]:
        """Unique uncached jobs, in the order the episode first needs them."""
        seen: set[str] = set(self.cached)
        missing: list[ClipJob] = []
        for job in self.jobs:
            if job.key not in seen:
                seen.add(job.key)
                missing.append(job)
        return tuple(missing)


def plan_speech(
    texts: Sequence[str],
    spec: EngineSpec,
    lexicon: Lexicon,
    cache: ClipCache,
    *,
    engine: Engine | None = None,
    quote_spec: EngineSpec | None = None,
    quoted: Sequence[bool] = (),
) -> SpeechPlan:
    """The jobs for `texts` (each piece's spoken text in order, before the lexicon).

    `engine`, when given, is one already created from `spec` (it only supplies the
    identity and whether it reads IPA; nothing is synthesised here). With `quote_spec`, the
    texts marked in `quoted` are said by that engine instead: their clips are keyed by its
    identity, every other clip is keyed exactly as without it."""
    engine = engine or spec.create()
    identity = engine.identity()  # hashes a custom voice's model: once per plan
    second = quote_spec.create() if quote_spec is not None else None
    second_identity = second.identity() if second is not None else {}
    jobs: list[ClipJob] = []
    for index, text in enumerate(texts):
        if second is not None and index < len(quoted) and quoted[index]:
            said = lexicon.apply(text, speaks_ipa=second.speaks_ipa)
            jobs.append(ClipJob(clip_key(second_identity, said), said, quote_spec))
        else:
            said = lexicon.apply(text, speaks_ipa=engine.speaks_ipa)
            jobs.append(ClipJob(clip_key(identity, said), said))
    cached = frozenset(job.key for job in jobs if cache.has(job.key))
    return SpeechPlan(spec, tuple(jobs), cached, tuple(sorted(identity.items())))


def fill(
    jobs: Iterable[ClipJob],
    engine: Engine,
    cache: ClipCache,
    on_clip: Callable[[ClipJob], None] | None = None,
) -> int:
    """Synthesise each job whose clip is not in the cache and put it there (atomically);
    `on_clip(job)` is told after each one spoken. Returns how many were spoken."""
    spoken = 0
    for job in jobs:
        if cache.has(job.key):
            continue
        cache.put(job.key, engine.synthesize(job.text))
        spoken += 1
        if on_clip is not None:
            on_clip(job)
    return spoken


def clips_in_order(
    plan: SpeechPlan, cache: ClipCache, ready: Callable[[ClipJob], None]
) -> Iterator[Clip]:
    """The episode's clips in plan order, read from the cache.

    `ready(job)` is called before each read and returns once that clip is in the cache. A
    clip that cannot be read (damaged on disk) is discarded and `ready` asked once more.
    """
    for job in plan.jobs:
        ready(job)
        clip = cache.get(job.key)
        if clip is None:
            cache.discard(job.key)
            ready(job)
            clip = cache.get(job.key)
        if clip is None:
            raise RuntimeError(f"clip {job.key} is not in the cache after it was made")
        yield clip


@dataclass
class SpeechCounts:
    synthesized: int = 0
    cached: int = 0


class SpeakInOrder:
    """The in-process `ready`: a clip that is not cached yet is synthesised right then.

    Used with `clips_in_order`, assembly (and the encoder fed from it) runs while the engine
    speaks. The engine is created on the first miss, so a warm run never creates one (and a
    gTTS run with a warm cache works offline). `counts` is kept up to date as it goes, so a
    caller knows what was spoken even when the episode fails.
    """

    def __init__(
        self,
        plan: SpeechPlan,
        cache: ClipCache,
        *,
        engine: Engine | None = None,
        counts: SpeechCounts | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.plan = plan
        self.cache = cache
        self.counts = counts if counts is not None else SpeechCounts()
        # Engines by spec, each created on its first miss (a quotation's voice has its own).
        self._engines: dict[EngineSpec, Engine] = {plan.engine: engine} if engine else {}
        self._progress = progress
        self._total = len(plan.jobs)

    def __call__(self, job: ClipJob) -> None:
        if self.cache.has(job.key):
            self.counts.cached += 1
        else:
            spec = self.plan.spec_for(job)
            if spec not in self._engines:
                self._engines[spec] = spec.create()
            fill([job], self._engines[spec], self.cache)
            self.counts.synthesized += 1
        if self._progress is not None:
            done = min(self.counts.cached + self.counts.synthesized, self._total)
            self._progress(done, min(self.counts.cached, done), self._total)
