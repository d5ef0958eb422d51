"""A test that listens: the short episode each real voice speaks (Kokoro, the default, and
Piper; tests/voice_episode.py) is transcribed back by an offline recogniser (pocketsphinx,
with the English model its wheel ships), the MP3 cut at the cues' silences into its plain
prose (the control) and what follows up to the quotation (numbers, money, units,
abbreviations, a symbol, a list with a lead-in, the quotation: the article). What it hears
of the article must match the script as well as the control does, and no run of three or
more words may be inserted (junk spoken) or missing (text dropped).

The recogniser is imperfect on any voice, so the article's word error rate is compared with
the control's, measured in the same run, plus a margin for what the article says that a
general language model expects less ("in May twenty nineteen", "a four hundred meter
cable"). Kokoro is deterministic; Piper draws its prosody noise from onnxruntime's random
generator, which the episode's fixture seeds, so every run hears the same episode and the
test passes or fails every time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reader.audio.ffmpeg import run_ffmpeg
from reader.models import Cue
from tests.voice_episode import CASES_START, CLARITY_START, VoiceEpisode

MARGIN = 0.25  # allowed above the control's word error rate
# One run's control is a noisy estimate (0.07-0.22 over ten runs): it counts as at least this.
CONTROL_AT_LEAST = 0.15
CONTROL_AT_MOST = 0.35  # above this the recogniser is not hearing the voice at all
# How pocketsphinx's dictionary spells a few spoken words.
RECOGNISER_SPELLING = {"st": "saint", "dr": "doctor"}


def spoken_words(cues: tuple[Cue, ...]) -> list[str]:
    """Every word the cues say, in order, as the recogniser would write it."""
    return words(" ".join(cue.text for cue in cues))


def words(text: str) -> list[str]:
    found = re.findall(r"[a-z']+", text.lower().replace("-", " "))
    return [RECOGNISER_SPELLING.get(word, word) for word in found]


@functools.cache
def _decoder() -> Any:
    """The recogniser with the wheel's en-us model, loaded once per process (0.4 s of CPU
    each time). Given each utterance whole (full_utt), it hears it the same whatever it
    heard before: checked on the Kokoro episode's two halves, in both orders."""
    from pocketsphinx import Decoder

    return Decoder(samprate=16000, loglevel="FATAL")


def transcribe(mp3: Path, start_ms: int = 0, end_ms: int | None = None) -> list[str]:
    """What the recogniser hears in the audio file between the two instants (by default, in
    all of it)."""
    until = [] if end_ms is None else ["-to", f"{end_ms / 1000:.3f}"]
    pcm = run_ffmpeg(
        ["-ss", f"{start_ms / 1000:.3f}", *until, "-i", mp3,
         "-f", "s16le", "-ac", "1", "-ar", "16000", "pipe:1"]
    ).stdout  # fmt: skip
    decoder = _decoder()
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return words(hypothesis.hypstr if hypothesis is not None else "")


def alignment(reference: list[str], heard: list[str]) -> list[str]:
    """Levenshtein alignment of two word lists as edit operations: "=" a word heard as
    written, "S" substituted, "D" missing from what was heard, "I" inserted into it."""
    rows, cols = len(reference) + 1, len(heard) + 1
    cost = [[0] * cols for _ in range(rows)]
    for i in range(rows):
        cost[i][0] = i
    for j in range(cols):
        cost[0][j] = j
    for i in range(1, rows):
        for j in range(1, cols):
            cost[i][j] = min(
                cost[i - 1][j] + 1,
                cost[i][j - 1] + 1,
                cost[i - 1][j - 1] + (reference[i - 1] != heard[j - 1]),
            )
    ops: list[str] = []
    i, j = rows - 1, cols - 1
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (reference[i - 1] != heard[j - 1]):
            ops.append("=" if reference[i - 1] == heard[j - 1] else "S")
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            ops.append("D")
            i -= 1
        else:
            ops.append("I")
            j -= 1
    return ops[::-1]


def longest_run(ops: list[str], op: str) -> int:
    return max((len(run) for run in re.findall(f"{op}+", "".join(ops))), default=0)


@dataclass(frozen=True)
class Heard:
    """What the recogniser heard of a script, aligned with it word by word."""

    script: list[str]
    heard: list[str]

    @functools.cached_property
    def ops(self) -> list[str]:
        return alignment(self.script, self.heard)

    @property
    def errors(self) -> int:
        """Words heard wrong: substituted, missing or inserted."""
        return sum(op != "=" for op in self.ops)

    @property
    def wer(self) -> float:
        return self.errors / len(self.script)


def listen(spoken: VoiceEpisode, first: int, stop: int) -> Heard:
    """The cues first..stop-1 as heard, cut from the MP3 in the silences around them."""
    cues = spoken.episode.cues
    start_ms = cues[first - 1].end_ms if first else 0
    end_ms = cues[stop].start_ms if stop < len(cues) else spoken.episode.duration_ms
    script = spoken_words(cues[first:stop])
    return Heard(script, transcribe(spoken.episode.audio_path, start_ms, end_ms))


@pytest.fixture(scope="session")
def heard_by_voice() -> dict[str, tuple[Heard, Heard]]:
    """What the recogniser heard of each voice's episode: it hears each one once per worker
    (a transcription costs seconds), whichever test asks first."""
    return {}


@pytest.fixture
def control_and_article(
    voice_episode: VoiceEpisode, heard_by_voice: dict[str, tuple[Heard, Heard]]
) -> tuple[Heard, Heard]:
    """The plain prose before the numbers (the title, a long sentence cut in two), and the
    article from the numbers to the quotation (the short sentences after it are the
    clarity test's: tests/test_episode_clarity.py)."""
    if voice_episode.engine not in heard_by_voice:
        cases = voice_episode.cue_index(CASES_START)
        clarity = voice_episode.cue_index(CLARITY_START)
        heard_by_voice[voice_episode.engine] = (
            listen(voice_episode, 0, cases), listen(voice_episode, cases, clarity)
        )
    return heard_by_voice[voice_episode.engine]


def test_the_alignment_finds_what_was_dropped_and_inserted() -> None:
    dropped = alignment("a b c d e f".split(), "a e f".split())
    assert dropped == ["=", "D", "D", "D", "=", "="]
    inserted = alignment("a b c".split(), "a x b y z c".split())
    assert inserted == ["=", "I", "=", "I", "I", "="]
    assert (longest_run(dropped, "D"), longest_run(inserted, "I")) == (3, 2)


def test_the_episode_is_heard_as_its_script(control_and_article: tuple[Heard, Heard]) -> None:
    control, article = control_and_article
    print(f"word error rate: control {control.wer:.2f}, article {article.wer:.2f}")
    print("control heard as:", " ".join(control.heard))
    print("article heard as:", " ".join(article.heard))
    assert control.wer <= CONTROL_AT_MOST, " ".join(control.heard)
    assert article.wer <= max(control.wer, CONTROL_AT_LEAST) + MARGIN, " ".join(article.heard)


def test_no_run_of_three_words_is_spoken_extra_or_missing(
    control_and_article: tuple[Heard, Heard],
) -> None:
    for heard in control_and_article:
        ops = "".join(heard.ops)
        assert longest_run(heard.ops, "I") < 3, (ops, " ".join(heard.heard))
        assert longest_run(heard.ops, "D") < 3, (ops, " ".join(heard.heard))


def test_the_article_script_holds_every_kind_of_case(
    control_and_article: tuple[Heard, Heard],
) -> None:
    """What the recogniser was checked against: the normalised words, nothing as written."""
    text = " ".join(control_and_article[1].script)
    for phrase in (
        "doctor lee met us at saint andrews in may twenty nineteen", "four hundred meter cable",
        "about thirty boxes", "twenty five kilograms", "figure two shows twelve thousand five "
        "hundred dollars", "you will need a ladder", "two buckets and a free afternoon",
    ):  # fmt: skip
        assert phrase in text, phrase
