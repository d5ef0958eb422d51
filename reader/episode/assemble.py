"""Plan the spoken pieces, and stream their clips into one WAV in order.

Memory stays bounded by the longest clip: clips are read from the cache one at a time and
appended to a WAV file, never joined in memory (pydub's `+` copies the whole episode each
time, which is quadratic). Every time comes from sample counts, so chapter and cue times are
exact to the millisecond.
"""

from __future__ import annotations

import itertools
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..audio.ffmpeg import FfmpegFailed, run_ffmpeg
from ..config import AudioSettings
from ..errors import ConfigError
from ..locale import messages
from ..models import Chapter, Cue, Script
from ..speech.clip import Clip
from .pauses import Boundary, gap_samples, paragraph_boundary, pause_ms, trim


def untitled_chapter(lang: str | None) -> str:
    """The chapter of the text before the first heading, named in the article's language
    (chapters show in podcast apps, on the page and in the book)."""
    return messages(lang).gettext("Introduction")


# Told as the episode's WAV grows: (sample rate, bytes of mono s16le PCM just flushed to it).
WrittenHook = Callable[[int, int], None]


@dataclass(frozen=True)
class Piece:
    """One clip's worth of speech and the silence after it."""

    text: str  # what the transcript shows
    spoken: str  # what the engine is asked to say (before the lexicon)
    section: int  # index into script.sections; -1 for the opening
    pause_after_ms: int
    source: str = ""  # the page id of the written sentence or heading it came from
    quote: bool = False  # part of a block quotation ([voice] quote_voice reads it)


@dataclass(frozen=True)
class Timeline:
    cues: tuple[Cue, ...]
    chapters: tuple[Chapter, ...]
    total_ms: int


# (text, spoken, section, the boundary after it, the page id it came from, in a quotation)
_Span = tuple[str, str, int, Boundary, str, bool]


def plan_pieces(script: Script, settings: AudioSettings) -> list[Piece]:
    """Every piece in speaking order with the pause after it (see pauses.py for which)."""
    spans: list[_Span] = [
        (sentence, sentence, -1, Boundary.WITHIN_PARAGRAPH, "", False)
        for sentence in script.opening
    ]
    for index, section in enumerate(script.sections):
        _end_paragraph(spans, Boundary.SECTION)
        heading = section.spoken_title or section.title
        if heading:
            spans.append(
                (section.title or heading, heading, index, Boundary.PARAGRAPH,
                 section.title_source or "", False)
            )
        for p_index, paragraph in enumerate(section.paragraphs):
            quoted = p_index in section.quotes
            spans += [
                (piece, piece, index, Boundary.WITHIN_PARAGRAPH, section.source_of(p_index, n),
                 quoted)
                for n, piece in enumerate(paragraph)
            ]
            _end_paragraph(spans, paragraph_boundary(section, p_index))
    _end_paragraph(spans, Boundary.END)
    return [
        Piece(text, spoken, section, pause_ms(spoken, boundary, settings), source, quoted)
        for text, spoken, section, boundary, source, quoted in spans
    ]


def _end_paragraph(spans: list[_Span], boundary: Boundary) -> None:
    if spans:
        text, spoken, section, _, source, quoted = spans[-1]
        spans[-1] = (text, spoken, section, boundary, source, quoted)


def decode_audio_file(path: Path, sample_rate: int, setting: str) -> npt.NDArray[np.int16]:
    """An intro/outro file (any format ffmpeg reads) as mono 16-bit PCM at `sample_rate`."""
    if not path.is_file():
        raise ConfigError(f"[audio] {setting} file not found", path=path)
    try:
        result = run_ffmpeg(
            ["-i", path, "-vn", "-ac", "1", "-ar", str(sample_rate), "-f", "s16le", "pipe:1"]
        )
    except FfmpegFailed as exc:
        raise ConfigError(
            f"[audio] {setting} is not an audio file ffmpeg can read ({exc})", path=path
        ) from exc
    return np.frombuffer(result.stdout, dtype="<i2").astype(np.int16)


def _resampled(samples: npt.NDArray[np.int16], source: int, target: int) -> npt.NDArray[np.int16]:
    """Linear resampling for the rare clip at another rate (one engine gives one rate, so this
    only guards against a voice changed mid-cache); ffmpeg does the real resampling later."""
    if source == target or len(samples) == 0:
        return samples
    count = round(len(samples) * target / source)
    positions = np.linspace(0, len(samples) - 1, count)
    return np.interp(positions, np.arange(len(samples)), samples).astype(np.int16)


class _WavWriter:
    """Appends PCM to a WAV file and counts samples: the one clock for every time."""

    def __init__(
        self, path: Path, sample_rate: int, on_written: WrittenHook | None = None
    ) -> None:
        self.sample_rate = sample_rate
        self.samples = 0
        self._on_written = on_written
        self._file = open(path, "wb")  # noqa: SIM115 - closed in close()
        self._out = wave.open(self._file, "wb")
        self._out.setnchannels(1)
        self._out.setsampwidth(2)
        self._out.setframerate(sample_rate)

    def ms(self) -> int:
        return self.to_ms(self.samples)

    def to_ms(self, samples: int) -> int:
        return round(samples * 1000 / self.sample_rate)

    def write(self, samples: npt.NDArray[np.int16]) -> None:
        pcm = samples.astype("<i2").tobytes()
        self._out.writeframes(pcm)
        if self._on_written is not None:
            self._file.flush()  # what the hook is told about must be readable from the file
            self._on_written(self.sample_rate, len(pcm))
        self.samples += len(samples)

    def silence(self, ms: int) -> None:
        self.write_silence(round(self.sample_rate * ms / 1000))

    def write_silence(self, samples: int) -> None:
        if samples > 0:
            self.write(np.zeros(samples, dtype=np.int16))

    def close(self) -> None:
        self._out.close()
        self._file.close()


def assemble(
    script: Script,
    pieces: list[Piece],
    clips: Iterable[Clip],
    wav_path: Path,
    settings: AudioSettings,
    *,
    on_written: WrittenHook | None = None,
) -> Timeline:
    """Write the episode's PCM to `wav_path` (telling `on_written` as it goes); return the
    cue and chapter times. The first clip's sample rate is the episode's."""
    clip_iter = iter(clips)
    first = next(clip_iter, None)
    if first is None:
        raise RuntimeError("an episode needs at least one spoken piece")
    rate = first.sample_rate
    out = _WavWriter(wav_path, rate, on_written)
    try:
        if settings.intro:
            out.write(decode_audio_file(Path(settings.intro), rate, "intro"))
            out.silence(settings.section_pause_ms)
        cues: list[Cue] = []
        section_starts: dict[int, int] = {}
        pause, trail = 0, 0  # the pause the previous piece calls for, the quiet it kept
        for piece, clip in zip(pieces, itertools.chain([first], clip_iter), strict=True):
            # Each clip loses the engine's own silence; the gap before it is what the text
            # calls for, counting the guard of quiet each side kept (pauses.py).
            speech = trim(_resampled(clip.samples, clip.sample_rate, rate), rate)
            out.write_silence(gap_samples(pause, rate, trail, speech.lead))
            start = out.samples + speech.lead
            section_starts.setdefault(piece.section, out.to_ms(start))
            out.write(speech.samples)
            end = out.samples - speech.trail
            cues.append(Cue(
                start_ms=out.to_ms(start), end_ms=out.to_ms(end), text=piece.text,
                source=piece.source,
            ))
            pause, trail = piece.pause_after_ms, speech.trail
        if settings.outro:
            out.write_silence(gap_samples(settings.section_pause_ms, rate, trail, 0))
            out.write(decode_audio_file(Path(settings.outro), rate, "outro"))
        total = out.ms()
    finally:
        out.close()
    return Timeline(tuple(cues), _chapters(script, section_starts, total), total)


def _chapters(script: Script, starts: dict[int, int], total_ms: int) -> tuple[Chapter, ...]:
    """One chapter per section; the first starts at 0 so the opening (and intro) belong to it."""
    untitled = untitled_chapter(script.meta.lang)
    sections = [
        (section.title or untitled, starts[index])
        for index, section in enumerate(script.sections)
        if index in starts
    ]
    if not sections:
        sections = [(untitled, 0)]
    sections[0] = (sections[0][0], 0)
    ends = [start for _, start in sections[1:]] + [total_ms]
    return tuple(
        Chapter(title=title, start_ms=start, end_ms=end)
        for (title, start), end in zip(sections, ends, strict=True)
    )
