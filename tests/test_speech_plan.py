"""The speech stage: a plan of the clips an episode needs, filled by an engine, read in order.

The plan is a small picklable value (what a worker on another machine gets); the episode
stage only ever sees the clips, and nothing in reader/speech knows about episodes.
"""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import numpy as np
import pytest

from reader.speech.cache import ClipCache, clip_key
from reader.speech.lexicon import Lexicon
from reader.speech.plan import (
    ClipJob,
    EngineSpec,
    SpeakInOrder,
    SpeechCounts,
    clips_in_order,
    fill,
    plan_speech,
)
from tests.conftest import REPO

PIPER = EngineSpec("piper", None, "en")
TEXTS = ["Hello there.", "Ask Klimetski.", "Hello there.", "Goodbye."]
LEXICON = Lexicon(words={"Klimetski": "Klee metsky"})


def test_a_plan_has_one_job_per_piece_keyed_as_the_cache_keys_clips(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    plan = plan_speech(TEXTS, PIPER, LEXICON, cache)
    identity = dict(plan.identity)
    assert identity == PIPER.create().identity()
    assert [job.text for job in plan.jobs] == [
        "Hello there.", "Ask Klee metsky.", "Hello there.", "Goodbye.",
    ]  # fmt: skip
    assert [job.key for job in plan.jobs] == [clip_key(identity, j.text) for j in plan.jobs]
    assert plan.cached == frozenset()
    # Each clip once, in the order the episode first needs it.
    assert [job.text for job in plan.missing] == ["Hello there.", "Ask Klee metsky.", "Goodbye."]


def test_clips_already_in_the_cache_are_marked_and_not_missing(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    first = plan_speech(TEXTS, PIPER, LEXICON, cache)
    engine = PIPER.create()
    assert fill(first.missing[:1], engine, cache) == 1
    again = plan_speech(TEXTS, PIPER, LEXICON, cache)
    assert again.cached == {first.jobs[0].key}
    assert [job.text for job in again.missing] == ["Ask Klee metsky.", "Goodbye."]


def test_a_plan_and_its_engine_spec_survive_pickling(tmp_path: Path) -> None:
    """What a process pool or a cluster worker receives: values, no loaded model."""
    plan = plan_speech(TEXTS, PIPER, LEXICON, ClipCache(tmp_path))
    back = pickle.loads(pickle.dumps(plan))
    assert back == plan and back.missing == plan.missing
    assert back.engine.create().identity() == dict(plan.identity)


def test_fill_speaks_only_what_is_missing_and_says_so(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    plan = plan_speech(TEXTS, PIPER, LEXICON, cache)
    told: list[ClipJob] = []
    engine = PIPER.create()
    assert fill(plan.jobs, engine, cache, on_clip=told.append) == 3  # the repeat is cached
    assert told == list(plan.missing)
    for job in plan.jobs:
        clip = cache.get(job.key)
        assert clip is not None and clip.duration_ms > 300
    assert fill(plan.jobs, engine, cache) == 0


def test_clips_come_in_plan_order_spoken_as_they_are_needed(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    plan = plan_speech(TEXTS, PIPER, LEXICON, cache)
    reports: list[tuple[int, int, int]] = []
    counts = SpeechCounts()
    speaker = SpeakInOrder(plan, cache, counts=counts, progress=lambda *r: reports.append(r))
    clips = clips_in_order(plan, cache, speaker)
    first = next(clips)
    # Only the first clip exists yet: the rest are spoken when assembly asks for them.
    assert cache.has(plan.jobs[0].key) and not cache.has(plan.jobs[1].key)
    rest = list(clips)
    assert np.array_equal(rest[1].samples, first.samples)  # the repeat, from the cache
    assert (counts.synthesized, counts.cached) == (3, 1)
    assert reports == [(1, 0, 4), (2, 0, 4), (3, 1, 4), (4, 1, 4)]


def test_a_warm_plan_is_read_without_creating_an_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ClipCache(tmp_path)
    plan = plan_speech(TEXTS, PIPER, LEXICON, cache)
    fill(plan.jobs, PIPER.create(), cache)

    def no_engine(_spec: EngineSpec) -> None:
        raise AssertionError("an engine was created for a warm plan")

    monkeypatch.setattr(EngineSpec, "create", no_engine)
    counts = SpeechCounts()
    assert len(list(clips_in_order(plan, cache, SpeakInOrder(plan, cache, counts=counts)))) == 4
    assert (counts.synthesized, counts.cached) == (0, 4)


def test_a_damaged_clip_is_thrown_away_and_made_again(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    plan = plan_speech(TEXTS[:1], PIPER, LEXICON, cache)
    engine = PIPER.create()
    fill(plan.jobs, engine, cache)
    cache.path_for(plan.jobs[0].key).write_bytes(b"RIFF and nothing else")
    asked: list[ClipJob] = []

    def ready(job: ClipJob) -> None:
        asked.append(job)
        fill([job], engine, cache)

    clips = list(clips_in_order(plan, cache, ready))
    assert asked == [plan.jobs[0], plan.jobs[0]]
    assert clips[0].duration_ms > 300


def _imports(folder: Path) -> set[str]:
    """Every module imported by the package in `folder`, relative imports made absolute."""
    names: set[str] = set()
    package = "reader." + folder.name
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level == 0:
                    names.add(node.module or "")
                else:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    names.add(f"{base}.{node.module}" if node.module else base)
    return names


def test_the_speech_stage_knows_nothing_of_episodes() -> None:
    imported = _imports(REPO / "reader" / "speech")
    assert not {name for name in imported if name.startswith("reader.episode")}


def test_the_episode_stage_never_creates_an_engine() -> None:
    imported = _imports(REPO / "reader" / "episode")
    engines = {"reader.speech.engines", "reader.speech.plan"}
    assert not imported & engines
