"""`reader book`: a built site's archive, or a selection of it, as one book.

Chosen by the output file's suffix from the registry below (a format is a module and a
line): an EPUB 3 whose Media Overlays read along (epub.py), or an M4B audiobook with a
chapter per section (m4b.py). Made from the built site alone; nothing is spoken again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from ..fsutil import exclusive
from ..layout import LOCK_NAME
from ..registry import load
from .select import BookSource, Selection, load_book_source, parse_day

__all__ = ["BOOK_FORMATS", "Book", "Selection", "describe_formats", "make_book", "parse_day"]


Done = Callable[[float], None]  # told how far the writing is, in the format's unit


@dataclass(frozen=True)
class BookFormat:
    suffix: str
    label: str
    # The whole of the work for the progress bar (a number and its unit).
    measure: Callable[[BookSource], tuple[float, str]]
    # "module:function" (reader.registry), imported when used: (source, target, title,
    # done) -> None, writing the file atomically.
    writer: str

    def write(self, source: BookSource, target: Path, title: str, done: Done) -> None:
        load(__package__, self.writer)(source, target, title, done)


BOOK_FORMATS = (
    BookFormat(".epub", "an EPUB 3 that reads along: Media Overlays",
               lambda source: (len(source.articles), "articles"), "epub:write_epub"),
    BookFormat(".m4b", "an M4B audiobook with chapters",
               lambda source: (round(source.duration_ms / 1000), "s of audio"), "m4b:write_m4b"),
)


def describe_formats() -> str:
    return ", ".join(f"{f.suffix} ({f.label})" for f in BOOK_FORMATS)


@dataclass(frozen=True)
class Book:
    path: Path
    articles: int
    duration_ms: int
    size_bytes: int

    def line(self) -> str:
        minutes, seconds = divmod(round(self.duration_ms / 1000), 60)
        hours, minutes = divmod(minutes, 60)
        length = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
        noun = "article" if self.articles == 1 else "articles"
        return (f"wrote {self.path} ({self.articles} {noun}, {length}, "
                f"{self.size_bytes / 1_000_000:.1f} MB)")


def make_book(
    output: Path, target: Path, selection: Selection | None = None, *,
    title: str | None = None, show_progress: bool = True,
) -> Book:
    """Write the articles of the site in `output` that `selection` chooses to `target`, as
    the format its suffix names. A bad target or an empty selection is a UserError."""
    from ..progress import stderr_progress

    fmt = format_for(target)
    if target.is_dir():
        raise UserError("is a folder: name the book's file", path=target)
    with _no_build_running(Path(output)):
        source = load_book_source(output, selection or Selection())
        name = (title or "").strip() or _default_title(source)
        total, unit = fmt.measure(source)
        with stderr_progress(unit, enabled=show_progress, transient=True) as bar:
            task = bar.add_task(f"writing {target.name}", total=total)
            fmt.write(source, target, name, lambda amount: bar.update(task, completed=amount))
    return Book(target, len(source.articles), source.duration_ms, target.stat().st_size)


@contextmanager
def _no_build_running(output: Path) -> Iterator[None]:
    """The build's lock, held while the book is made: a build would replace the episodes
    the book is reading (and sweep the old ones) half-way through."""
    if not (output / LOCK_NAME).exists():  # never built here: no build to keep out
        yield
        return
    busy = "a `reader build` is writing this folder; make the book when it is done"
    with exclusive(output / LOCK_NAME, busy, where=output):
        yield


def format_for(target: Path) -> BookFormat:
    suffix = target.suffix.lower()
    for fmt in BOOK_FORMATS:
        if fmt.suffix == suffix:
            return fmt
    raise UserError(f"cannot tell the book's format from its name: end it in "
                    f"{' or '.join(f.suffix for f in BOOK_FORMATS)}", path=target)


def _default_title(source: BookSource) -> str:
    """The podcast's title; with --tag, the tag after it."""
    tag = source.selection.tag
    return f"{source.podcast.title}: {tag}" if tag else source.podcast.title
