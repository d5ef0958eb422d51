"""`reader import` as a library call: SOURCE → Markdown articles in a folder."""

from __future__ import annotations

from pathlib import Path

from ..load.clean import has_words
from ..load.markdown import parse_markdown
from ..progress import Report, stderr_progress
from . import ImportOptions, Post, Skipped
from .fetch import fetch
from .html import to_markdown
from .registry import importer_for
from .write import ImportReport, Writer, ensure_folder


def import_posts(
    source: str,
    output: Path,
    *,
    options: ImportOptions | None = None,
    update: bool = False,
    dry_run: bool = False,
    images: bool = False,
    show_progress: bool = True,
    report: Report | None = None,
) -> ImportReport:
    """Write one Markdown article per published post of `source` into `output`.

    A network error or a broken export raises UserError after the posts read before it
    were written (each file is complete, and recorded, as soon as it is written).
    """
    options = options or ImportOptions()
    say = report or (lambda line: None)
    importer = importer_for(source)
    ensure_folder(output, dry_run=dry_run)
    downloader = (lambda url: fetch(url, timeout=options.timeout)) if images else None
    writer = Writer(output, update=update, dry_run=dry_run, images=downloader)
    progress = stderr_progress("{task.fields[note]}", enabled=show_progress)
    with progress:
        task = progress.add_task(f"importing {importer.name}", total=None, note="")
        for item in importer.read(source, options):
            if isinstance(item, Post) and not speaks(item):
                item = Skipped(item.title, "nothing to speak (no text in its body)")
            if isinstance(item, Skipped):
                writer.report.skipped.append(f"{item.name}: {item.reason}")
                say(f"skipped {item.name!r}: {item.reason}")
            else:
                say(writer.write(item))
            progress.update(task, advance=1, note=getattr(item, "title", ""))
    return writer.report


def speaks(post: Post) -> bool:
    """Whether the article file written for `post` would have a body to speak: read as
    `reader build` will read it (a post of only an image or a gallery has none, and its
    file would fail `reader script`)."""
    blocks = parse_markdown(to_markdown(post.html)).blocks
    return any(block.spoken and has_words(block.text) for block in blocks)
