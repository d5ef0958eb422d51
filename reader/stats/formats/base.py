"""What every access-log format gives the counting: one Hit per request line."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

# A quoted field of a log line (the request, the referer, the user agent), with \" inside.
QUOTED = r'"((?:[^"\\]|\\.)*)"'
_MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


class Hit(NamedTuple):
    """One request as a log records it (a NamedTuple: immutable like a frozen dataclass, and
    made several times faster, which counts at millions of lines). `client`, the address,
    is read only to be hashed into a deduplication key (reader.stats.iab): it is never kept
    or written anywhere. `first_byte` is where the response began in the file, when the log
    says so (a range's start; 0 for a whole file): the drop-off curve needs it."""

    when: float  # seconds since the epoch (UTC)
    client: str
    method: str
    path: str  # the URL's path, without its query
    status: int
    sent: int  # bytes of the body sent
    referer: str
    agent: str
    first_byte: int | None = None


class LogFormat:
    """A log format: recognised by its content, read line by line. A subclass sets `name`,
    implements `parse`, and either sets `pattern` or implements `recognises`; one line in
    FORMATS (formats/__init__.py) registers it."""

    name = ""
    description = ""
    directives = False  # whether its logs have comment or directive lines (`directive`)
    # A format whose every request line one regular expression reads: recognised by it.
    pattern: re.Pattern[str] | None = None

    def recognises(self, line: str) -> bool:
        """Whether the first line of a log is in this format."""
        if self.pattern is None:
            raise NotImplementedError
        return self.pattern.match(line) is not None

    def parse(self, line: str) -> Hit | None:
        """The request a line records, or None when the line cannot be read (counted and
        reported, never fatal). A format whose logs carry directives ("#Fields:") reads them
        here and returns None for them too; `directive` says which lines are those."""
        raise NotImplementedError

    def directive(self, line: str) -> bool:
        """Whether a line is a comment or directive rather than a request."""
        return False

    def reset(self) -> None:
        """Forget what the directives of the previous file said (a new file begins)."""


def clf_time(text: str) -> float | None:
    """'10/Oct/2000:13:55:36 -0700' (the common log format's time, S3's too) in seconds
    since the epoch; None for a time it cannot read (the line is then unreadable). Sliced by
    hand, the day looked up once: strptime is ten times slower, and a log has millions of
    these."""
    try:
        day = _DAYS.get(text[:11])
        if day is None:
            day = _DAYS[text[:11]] = dt.datetime(
                int(text[7:11]), _MONTHS[text[3:6]], int(text[0:2]), tzinfo=dt.UTC).timestamp()
        offset = int(text[22:24]) * 3600 + int(text[24:26]) * 60
        seconds = int(text[12:14]) * 3600 + int(text[15:17]) * 60 + int(text[18:20])
    except (ValueError, KeyError, IndexError):
        return None
    return day + seconds - (-offset if text[21] == "-" else offset)


_DAYS: dict[str, float] = {}  # "10/Oct/2000" -> its midnight, UTC, in seconds


def to_int(text: str) -> int:
    """A count a log may write as '-' (nothing sent)."""
    return int(text) if text.isdigit() else 0


def range_start(header: str) -> int | None:
    """The first byte of a Range header 'bytes=N-[M]'; None for none or a suffix range."""
    if not header.startswith("bytes="):
        return None
    first = header[6:].split("-", 1)[0].split(",", 1)[0].strip()
    return int(first) if first.isdigit() else None
