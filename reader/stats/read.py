"""Access logs read as a stream: files, folders of them, gzipped or not, oldest first, each
from where the previous run stopped.

A log is known by a fingerprint of its first line, not by its name: rotation renames
access.log to access.log.1 and then compresses it to access.log.2.gz, and all three are
the same log, read once. Only whole lines are read (a line being written is left for the
next run), so the position remembered is always the start of a line.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import UserError
from .formats import Hit, LogFormat, recognise

_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class LogSummary:
    """What one log gave this run: its name, its format, the request lines read and those
    that could not be read (reported, never fatal)."""

    name: str
    format: str | None
    lines: int
    unreadable: int
    error: str | None = None  # why the log could not be read (to the end)


@dataclass(frozen=True)
class Log:
    path: Path
    fingerprint: str
    reader: LogFormat | None
    first: float  # the time of its first request (for the order), inf when unknown
    error: str | None = None  # why it cannot be read at all


def log_files(paths: list[Path]) -> list[Path]:
    """The files named, and the files in the folders named (recursively, by name)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise UserError("no such log file or folder", path=path)
    return files


def survey(files: list[Path]) -> list[Log]:
    """The logs to read, oldest first (a window must see its first request first)."""
    logs = [_survey_one(path) for path in files]
    return sorted(logs, key=lambda log: (log.first, str(log.path)))


def _survey_one(path: Path) -> Log:
    """A log's fingerprint, format and first time; a damaged one is reported (by read_log)
    and the others are read."""
    try:
        return _survey(path)
    except UserError as exc:
        return Log(path, "", None, float("inf"), str(exc))
    except _Broken as exc:
        return Log(path, "", None, float("inf"), f"{path}: {exc}")


def _survey(path: Path) -> Log:
    reader, first, fingerprint = None, float("inf"), ""
    with _open(path) as stream:
        for raw in _lines(stream):
            line = raw.decode("utf-8", "replace")
            if not fingerprint:
                fingerprint = hashlib.blake2b(raw, digest_size=12).hexdigest()
                reader = recognise(line)
                if reader is None:
                    break
            assert reader is not None
            if reader.directive(line):
                continue
            hit = reader.parse(line)
            if hit is not None:
                first = hit.when
                break
    if reader is not None:
        reader.reset()
    return Log(path, fingerprint, reader, first)


def read_log(log: Log, offset: int, count: Callable[[Hit], None]) -> tuple[LogSummary, int]:
    """Give `count` every request of the log after byte `offset` (of its uncompressed text);
    the summary and the offset reached."""
    reader = log.reader
    if reader is None:
        return LogSummary(str(log.path), None, 0, 0, log.error), offset
    counted = [0, 0]  # lines, unreadable
    try:
        offset = _read(log.path, reader, offset, count, counted)
        error = None
    except _Damaged as exc:  # what was read before the damage counts
        offset, error = exc.offset, str(exc)
    return LogSummary(str(log.path), reader.name, counted[0], counted[1], error), offset


class _Damaged(UserError):
    """A log damaged part-way: where reading stopped."""

    def __init__(self, message: str, path: Path, offset: int) -> None:
        super().__init__(message, path=path)
        self.offset = offset


def _read(path: Path, reader: LogFormat, offset: int, count: Callable[[Hit], None],
          counted: list[int]) -> int:
    """Count the log's lines after `offset`; the offset reached. `counted` gets the lines
    and the unreadable ones, also when the log turns out damaged (_Damaged) part-way."""
    lines = unreadable = 0
    parse, directive = reader.parse, reader.directive
    with _open(path) as stream:
        try:
            if offset and reader.directives:  # they (#Fields) say how to read the rest
                for raw in _lines(stream):
                    if not directive(raw.decode("utf-8", "replace")):
                        break
            if offset:
                stream.seek(offset)
            # The loop every line goes through, kept lean: a log has millions of lines.
            for raw in _lines(stream):
                offset += len(raw)
                if raw.isspace():
                    continue
                line = raw.decode("utf-8", "replace")
                if reader.directives and directive(line):
                    continue
                lines += 1
                hit = parse(line)
                if hit is None:
                    unreadable += 1
                else:
                    count(hit)
        except _Broken as exc:
            counted[:] = [lines, unreadable]
            raise _Damaged(str(exc), path, offset) from None
    counted[:] = [lines, unreadable]
    return offset


def _open(path: Path) -> BinaryIO:
    try:
        stream = path.open("rb")
        if stream.read(2) == _GZIP_MAGIC:
            stream.close()
            return gzip.open(path, "rb")  # type: ignore[return-value]
        stream.seek(0)
        return stream
    except OSError as exc:
        raise UserError(f"cannot read the log ({exc.strerror})", path=path) from None


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    """Whole lines (a last line without its newline is still being written)."""
    try:
        for raw in stream:
            if not raw.endswith(b"\n"):
                return
            yield raw
    except (OSError, EOFError) as exc:  # a truncated or corrupt .gz
        raise _Broken(f"damaged after this point ({exc}); what came before is counted") \
            from None


class _Broken(Exception):
    """A log that cannot be read further (a truncated or corrupt .gz)."""
