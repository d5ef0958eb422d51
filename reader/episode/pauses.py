"""Pauses that follow the punctuation, not where the text was cut into pieces.

An engine pads every clip with its own silence (Piper: 50-70 ms before the speech and
130-260 ms after it, measured at -50 dBFS on the packaged voice; Kokoro's af_heart: 37-57 ms
before and 61-205 ms after, after kokoro-onnx's own trim), so a sentence cut in two
at a comma used to sound like two sentences: the padding of both clips plus a sentence
pause. Each clip is therefore trimmed to its speech (keeping a short guard so soft
consonants and breath stay whole), and between two clips goes the silence the text calls
for: a comma's, a semicolon's or colon's, a list item's, a sentence's, a paragraph's or a
section's. The `[audio] *_pause_ms` settings are the silence a listener hears, guards
included.

Trimming is a few lines of numpy rather than pydub's `detect_leading_silence`: pydub
measures in chunks (10 ms chunks keep it fast; 1 ms chunks took up to 190 ms a clip), warns
at import when ffmpeg is not on PATH (ours may come from the imageio-ffmpeg wheel), and its
audioop is gone from Python 3.13; numpy over 5 ms blocks takes about 0.4 ms a 4-second clip.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..config import AudioSettings
from ..models import SpokenSection

# Speech is what rises above this, relative to the clip's own peak (an engine's level, a
# decoded MP3's noise floor and a voice's loudness all differ), but never below the floor.
SPEECH_BELOW_PEAK_DB = 40.0
SILENCE_FLOOR_DBFS = -60.0
BLOCK_MS = 5.0
# Kept around the speech: a soft onset ("f", "h") starts under the envelope's threshold,
# and a final consonant's release and breath trail under it.
LEAD_GUARD_MS = 20
TRAIL_GUARD_MS = 40


class Boundary(enum.Enum):
    """Where a piece ends: what comes between it and the next one."""

    WITHIN_PARAGRAPH = "within"  # the next piece continues the paragraph: punctuation decides
    LIST_ITEM = "list"  # the next piece is a list item (after the lead-in or an item)
    PARAGRAPH = "paragraph"
    SECTION = "section"  # the next piece is a heading, or the opening ends
    END = "end"  # the last piece of the episode


_CLOSERS = "\"')]}’”»"


def pause_ms(text: str, boundary: Boundary, settings: AudioSettings) -> int:
    """The silence a listener should hear after the piece `text`."""
    if boundary is Boundary.END:
        return 0
    if boundary is Boundary.LIST_ITEM:
        return settings.list_pause_ms
    if boundary is Boundary.PARAGRAPH:
        return settings.paragraph_pause_ms
    if boundary is Boundary.SECTION:
        return settings.section_pause_ms
    ending = text.rstrip().rstrip(_CLOSERS)[-1:]
    if ending in (".", "!", "?", "…"):
        return settings.sentence_pause_ms
    if ending in (";", ":"):
        return settings.clause_pause_ms
    if ending in (",", "–", "—"):
        return settings.comma_pause_ms
    return 0  # cut between two words: the text calls for no pause, only the guards remain


def paragraph_boundary(section: SpokenSection, index: int) -> Boundary:
    """What follows paragraph `index`: a list item after a lead-in (a paragraph ending in a
    colon) or after another item, the next paragraph, or the end of the section."""
    following = index + 1
    if following >= len(section.paragraphs):
        return Boundary.SECTION
    if following in section.list_items and (
        index in section.list_items or section.paragraphs[index][-1].rstrip().endswith(":")
    ):
        return Boundary.LIST_ITEM
    return Boundary.PARAGRAPH


@dataclass(frozen=True)
class Trimmed:
    """A clip cut down to its speech, with how much quiet it still has at each end."""

    samples: npt.NDArray[np.int16]
    lead: int  # samples of quiet kept before the speech
    trail: int  # after it


def trim(samples: npt.NDArray[np.int16], sample_rate: int) -> Trimmed:
    """`samples` without the engine's silence before and after the speech (guards kept).

    The level is the mean absolute sample over 5 ms blocks: a sliding envelope
    (np.convolve) cost 5.6 ms on a 4-second clip, 5 % of Piper's time to speak it; blocks
    cost about 0.4 ms, and 5 ms is well inside the guards."""
    if len(samples) == 0:
        return Trimmed(samples, 0, 0)
    width = max(1, round(sample_rate * BLOCK_MS / 1000))
    padded = np.zeros(-(-len(samples) // width) * width, dtype=np.int32)
    padded[: len(samples)] = np.abs(samples.astype(np.int32))
    levels = padded.reshape(-1, width).mean(axis=1)
    floor = 32768.0 * 10 ** (SILENCE_FLOOR_DBFS / 20)
    threshold = max(float(levels.max()) * 10 ** (-SPEECH_BELOW_PEAK_DB / 20), floor)
    loud = np.flatnonzero(levels > threshold)
    if len(loud) == 0:
        return Trimmed(samples[:0], 0, 0)  # nothing but silence: it adds nothing
    first, last = int(loud[0]) * width, min((int(loud[-1]) + 1) * width, len(samples))
    lead = min(first, round(sample_rate * LEAD_GUARD_MS / 1000))
    trail = min(len(samples) - last, round(sample_rate * TRAIL_GUARD_MS / 1000))
    return Trimmed(samples[first - lead : last + trail], lead, trail)


def gap_samples(pause: int, sample_rate: int, trail_before: int, lead_after: int) -> int:
    """Silence to insert between two trimmed clips so that, with the quiet each clip kept,
    the listener hears `pause` ms (never less than the guards themselves)."""
    return max(0, round(sample_rate * pause / 1000) - trail_before - lead_after)
