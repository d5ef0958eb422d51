"""The book as an M4B audiobook: the episodes joined, AAC in MP4, a chapter per section.

MP4 chapters are one flat list, so every section of every article is a chapter titled
"Article — Section" (an article's first chapter, which holds its spoken opening, carries the
article's title alone), and a player's chapter list reads as a table of contents. The
podcast's cover is the attached picture; title, author, album, genre and date are tags.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..audio.ffmpeg import FfmpegFailed, failure, ffmpeg_exe
from ..audio.formats import UnreadableAudio, format_of
from ..episode.assemble import untitled_chapter
from ..errors import UserError
from ..fsutil import atomic_path
from .select import BookArticle, BookSource

BITRATE = "64k"  # the episodes' own rate (64 kb/s mono MP3): AAC at it loses nothing heard
GENRE = "Audiobook"
SEPARATOR = " — "

# Told the seconds of audio encoded so far.
Tick = Callable[[float], None]


@dataclass(frozen=True)
class BookMark:
    title: str
    start_ms: int
    end_ms: int


def write_m4b(source: BookSource, target: Path, title: str, tick: Tick) -> None:
    """Encode the selected episodes into one M4B at `target` (atomically)."""
    marks = chapter_marks(source.articles, [_audio_ms(a.audio) for a in source.articles])
    with tempfile.TemporaryDirectory(prefix="reader-book-") as folder:
        listing = Path(folder) / "episodes.txt"
        listing.write_text(
            "".join(f"file '{_quoted(a.audio.resolve())}'\n" for a in source.articles),
            encoding="utf-8",
        )
        metadata = Path(folder) / "metadata.txt"
        metadata.write_text(_ffmetadata(source, title, marks), encoding="utf-8")
        with atomic_path(target) as tmp:
            _encode(listing, metadata, source.cover, tmp, tick)


def chapter_marks(articles: tuple[BookArticle, ...], lengths_ms: list[int]) -> list[BookMark]:
    """Every section of every article as a chapter of the joined audio: the episode's own
    chapter times (its chapters JSON, kept in its record), moved by where it starts."""
    marks: list[BookMark] = []
    offset = 0
    for article, length in zip(articles, lengths_ms, strict=True):
        record = article.record
        chapters = record.chapters or ()
        if not chapters:
            marks.append(BookMark(record.title, offset, offset + length))
        for number, chapter in enumerate(chapters):
            named = number > 0 or chapter.title != untitled_chapter(record.lang)
            end = length if number == len(chapters) - 1 else min(chapter.end_ms, length)
            marks.append(BookMark(
                f"{record.title}{SEPARATOR}{chapter.title}" if named else record.title,
                offset + min(chapter.start_ms, length), offset + end,
            ))
        offset += length
    return [mark for mark in marks if mark.end_ms > mark.start_ms]


def _audio_ms(path: Path) -> int:
    """The decoded length of an episode (as its format reads it: for MP3, mutagen reads the
    LAME header's delay and padding, as ffmpeg's decoder trims them), where the next
    episode starts in the joined audio."""
    audio_format = format_of(path.name)
    try:
        if audio_format is None:
            raise UnreadableAudio(path.name)
        return audio_format.duration_ms(path)
    except (UnreadableAudio, OSError):
        raise UserError("not an episode that can be read: run `reader build` again",
                        path=path) from None


def _ffmetadata(source: BookSource, title: str, marks: list[BookMark]) -> str:
    tags = {
        "title": title,
        "album": title,
        "artist": ", ".join(source.authors()),
        "album_artist": source.podcast.author,
        "genre": GENRE,
        "date": source.newest_moment().date().isoformat(),
        "comment": source.podcast.description,
        "media_type": "2",  # iTunes' stik 2: an audiobook, which players file as one
    }
    lines = [";FFMETADATA1"] + [f"{key}={_escaped(value)}" for key, value in tags.items()]
    for mark in marks:
        lines += ["", "[CHAPTER]", "TIMEBASE=1/1000", f"START={mark.start_ms}",
                  f"END={mark.end_ms}", f"title={_escaped(mark.title)}"]
    return "\n".join(lines) + "\n"


def _escaped(value: str) -> str:
    """ffmetadata's escaping: '=', ';', '#', '\\' and newlines take a backslash."""
    for char in ("\\", "=", ";", "#", "\n"):
        value = value.replace(char, "\\" + char)
    return value


def _quoted(path: Path) -> str:
    """A path inside the concat demuxer's single quotes (a quote closes, escapes, reopens)."""
    return str(path).replace("'", "'\\''")


def _encode(listing: Path, metadata: Path, cover: Path | None, target: Path,
            tick: Tick) -> None:
    args: list[str | Path] = [
        "-f", "concat", "-safe", "0", "-i", listing, "-i", metadata,
    ]
    if cover is not None:
        args += ["-i", cover]
    args += ["-map", "0:a", "-map_metadata", "1", "-map_chapters", "1",
             "-c:a", "aac", "-b:a", BITRATE]
    if cover is not None:
        args += ["-map", "2:v", "-c:v", "copy", "-disposition:v:0", "attached_pic"]
    # ipod: the MP4 flavour of .m4a/.m4b (the temporary file's name does not say so);
    # faststart: the index first, so a player can start before reading the whole file.
    # bitexact: no encoder version in the tags, so the same site gives the same bytes.
    args += ["-movflags", "+faststart", "-fflags", "+bitexact", "-f", "ipod",
             "-progress", "pipe:1", target]
    _run_with_progress(args, tick)


def _run_with_progress(args: list[str | Path], tick: Tick) -> None:
    """ffmpeg with `-progress pipe:1`: its out_time reports become ticks."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostats", "-nostdin", "-y", *map(str, args)]
    with tempfile.TemporaryFile() as log, subprocess.Popen(  # noqa: S603 - list arguments
        command, stdout=subprocess.PIPE, stderr=log, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            key, _, value = line.strip().partition("=")
            if key == "out_time_us" and value.isdigit():
                tick(int(value) / 1_000_000)
        code = process.wait()
        if code != 0:
            log.seek(0)
            raise FfmpegFailed(failure(code, log.read().decode("utf-8", "replace")))
