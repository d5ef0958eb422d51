"""One short episode per real voice, spoken once per test run, for every test whose point is
the voice: what it says (test_listening.py), its pauses (test_episode_pauses.py), a
quotation in a second voice (test_quote_voice.py) and how well its MP3 is heard beside the
raw voice (test_episode_clarity.py). The real voices are the suite's most
expensive part (Kokoro costs about real time on an ordinary two-core CPU), so one short
article carries every case those tests look for, and its audio is made once:

- plain prose, one sentence of it longer than a piece may be (cut at a comma), with commas
  inside both pieces to compare the cut with: the listening test's control;
- numbers, money, units, abbreviations and a symbol, two sentences in one paragraph: what
  the normaliser writes out, heard back as the article;
- a lead-in and a list of fragments; a block quotation;
- five short sentences, many consonants and clip edges in few seconds: where the MP3
  encoder's quality shows in what the recogniser hears.

Under pytest-xdist the workers share the clip cache behind a lock, so the voice speaks each
piece once per run; a second worker only assembles and encodes. The fixtures
`kokoro_episode` and `piper_episode` (a `VoiceEpisode`) are registered by tests/conftest.py;
`voice_episode` gives either, by name, to a test parametrised over the voices.
"""

from __future__ import annotations

import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock

from reader.load import load_article
from reader.models import Cue, Episode, Script
from reader.script import make_script

ARTICLE = """\
    ---
    title: A Morning by the River
    date: 2026-03-01
    ---

    When the sun came out, the old man walked down to the river, past the mill, with his dog,
    while the children, tired and happy, played by the water, shouting, laughing, calling out
    to each other by name.

    Dr. Lee met us at St. Andrews in May 2019. A 400 m cable pulls ~30 boxes of 25 kg, and
    Fig. 2 shows $12,500.

    You will need:

    - a ladder,
    - two buckets, and
    - a free afternoon.

    > Time is short, and the road is long.

    She sells fish. His hat has holes. Five ships left. Fog hid the hills. Then it stopped.
"""
# Where the article's parts begin, as spoken (the first words of a cue).
CASES_START = "Doctor Lee met us"  # the paragraph of numbers and abbreviations
LIST_START = "You will need:"  # the lead-in; the list follows, then the quotation
CLARITY_START = "She sells fish."  # the short sentences, to the end
QUOTATION = "Time is short, and the road is long."
VOICES = ("kokoro", "piper")
PIPER_SEED = 7  # see _seed_piper


@dataclass(frozen=True)
class VoiceEpisode:
    """ARTICLE spoken by one real voice."""

    engine: str
    article: Path
    episode: Episode
    cache: Path  # the clip cache it was spoken into, shared by the run's processes

    @property
    def script(self) -> Script:
        return make_script(load_article(self.article))

    def cue_index(self, first_words: str) -> int:
        """The index of the first cue that begins with `first_words`."""
        return next(
            i for i, cue in enumerate(self.episode.cues) if cue.text.startswith(first_words)
        )

    def cues_between(self, start: str | None, stop: str | None) -> tuple[Cue, ...]:
        """The cues from the one beginning with `start` (None: the first) up to the one
        beginning with `stop` (None: the end), that one excluded."""
        cues = self.episode.cues
        begin = 0 if start is None else self.cue_index(start)
        end = len(cues) if stop is None else self.cue_index(stop)
        return cues[begin:end]


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder all pytest-xdist workers of this run share (the session's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _seed_piper() -> None:
    """Piper draws its prosody noise from onnxruntime's random generator: seeded on a freshly
    loaded voice, every run speaks the same episode (the pieces are spoken in this process,
    one after another), so the listening test passes or fails every time."""
    import onnxruntime

    from reader.speech.engines import piper

    piper.forget_loaded_voices()
    onnxruntime.set_seed(PIPER_SEED)


def speak_once(tmp_path_factory: pytest.TempPathFactory, engine: str) -> VoiceEpisode:
    from reader.builder.speak import speak_article

    shared = run_folder(tmp_path_factory)
    root = tmp_path_factory.mktemp(f"{engine}-episode")
    article = root / "river.md"
    article.write_text(textwrap.dedent(ARTICLE), encoding="utf-8")
    cache = shared / f"{engine}-episode-clips"
    with FileLock(str(shared / f"{engine}-episode.lock")):
        if engine == "piper":
            _seed_piper()
        episode = speak_article(
            article, root / "river.mp3", config_path=root / "none.toml", engine=engine,
            cache_dir=cache,
        )  # fmt: skip
    return VoiceEpisode(engine, article, episode, cache)


# The fixtures that give a real voice's episode (tests/ordering.py runs their tests first).
EPISODE_FIXTURES = frozenset({"kokoro_episode", "piper_episode", "voice_episode"})


@pytest.fixture(scope="session")
def kokoro_episode(tmp_path_factory: pytest.TempPathFactory) -> VoiceEpisode:
    return speak_once(tmp_path_factory, "kokoro")


@pytest.fixture(scope="session")
def piper_episode(tmp_path_factory: pytest.TempPathFactory) -> VoiceEpisode:
    return speak_once(tmp_path_factory, "piper")


@pytest.fixture(params=VOICES)
def voice_episode(request: pytest.FixtureRequest) -> VoiceEpisode:
    """Each real voice's episode in turn (a test taking it runs once per voice)."""
    episode: VoiceEpisode = request.getfixturevalue(f"{request.param}_episode")
    return episode
