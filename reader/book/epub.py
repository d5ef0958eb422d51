"""The book as an EPUB 3 that reads along: a chapter per article, each with a Media Overlay.

One XHTML chapter per article (its page's text, with the read-along's sentence ids), one
SMIL overlay per chapter with a `par` per spoken piece, the episodes' MP3s inside, a
navigation document with the articles and their sections, the podcast's cover, and the
durations and active class reading systems use (EPUB 3.3 Media Overlays). The same site
and options give the same bytes: names, order, zip times and dates come from the content.
"""

from __future__ import annotations

import functools
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from ..audio.formats import BY_SUFFIX, format_of
from ..fsutil import atomic_path
from ..locale import messages
from .chapter import BYLINE_ID, CHAPTER_ID, TITLE_ID, ChapterText, Heading, chapter_text
from .select import BookArticle, BookSource

# The class a reading system puts on the element being spoken (media:active-class); the
# name EPUB's own examples use, which Apple Books and Thorium also recognise.
ACTIVE_CLASS = "-epub-media-overlay-active"
_ROOT = "EPUB"  # the folder of the package document inside the zip
_AUDIO = "audio/"  # the episodes' folder in the package
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # zip's earliest date: no clock in the bytes
# Already compressed: the episodes (every audio format is) and the pictures.
_STORED = (*BY_SUFFIX, ".jpg", ".jpeg", ".png")

Done = Callable[[float], None]  # told how many articles are in


@dataclass(frozen=True)
class BookChapter:
    id: str
    href: str  # relative to the package document
    overlay_id: str
    overlay_href: str
    audio_href: str
    title: str
    sections: tuple[Heading, ...]
    text: ChapterText

    @property
    def duration(self) -> str:
        return clock(self.text.duration)


def write_epub(source: BookSource, target: Path, title: str, done: Done) -> None:
    """Write the EPUB to `target` (atomically); `done` is told as each article is in."""
    chapters: list[BookChapter] = []
    files: dict[str, bytes | Path] = {}
    for number, article in enumerate(source.articles, start=1):
        chapter, chapter_files = _chapter(source, number, article)
        chapters.append(chapter)
        files.update(chapter_files)
    cover = _cover(source)
    if cover is not None:
        files[cover["href"]] = source.cover  # type: ignore[assignment]
        files["cover.xhtml"] = _render("cover.xhtml.j2", lang=source.podcast.language,
                                       title=title, image=cover["href"])
    files["nav.xhtml"] = _render(
        "nav.xhtml.j2", lang=source.podcast.language, title=title, chapters=chapters,
        cover_page="cover.xhtml" if cover else None,
    )
    files["style.css"] = _render("style.css.j2", active_class=ACTIVE_CLASS)
    files["package.opf"] = _package(source, title, chapters, cover, files)
    _zip(target, files, done)


def _chapter(
    source: BookSource, number: int, article: BookArticle
) -> tuple[BookChapter, dict[str, bytes | Path]]:
    record = article.record
    lang = record.lang or source.podcast.language
    text = chapter_text(article)
    audio_href = f"{_AUDIO}{article.audio.name}"
    chapter = BookChapter(
        id=f"chapter{number}", href=f"text/chapter{number}.xhtml",
        overlay_id=f"overlay{number}", overlay_href=f"overlays/chapter{number}.smil",
        audio_href=audio_href, title=record.title, sections=text.sections, text=text,
    )
    image = article.image if article.image and _media_type(article.image) else None
    image_href = f"images/{image.name}" if image else None
    files: dict[str, bytes | Path] = {
        chapter.href: _render(
            "chapter.xhtml.j2", lang=lang, title=record.title,
            title_id=TITLE_ID, byline_id=BYLINE_ID, chapter_id=CHAPTER_ID, author=record.author,
            date=record.date, date_text=messages(lang).date(record.date), body=text.body,
            image=image_href,
        ),
        chapter.overlay_href: _render(
            "overlay.smil.j2", text=chapter.href, chapter_id=CHAPTER_ID, audio=audio_href,
            clips=text.clips,
        ),
        audio_href: article.audio,
    }
    if image and image_href:
        files[image_href] = image
    return chapter, files


def _cover(source: BookSource) -> dict[str, str] | None:
    if source.cover is None:
        return None
    media_type = _media_type(source.cover)
    if media_type is None:
        return None
    suffix = ".png" if media_type == "image/png" else ".jpg"
    return {"href": f"images/cover{suffix}", "media_type": media_type}


def _package(source: BookSource, title: str, chapters: list[BookChapter],
             cover: dict[str, str] | None, files: dict[str, bytes | Path]) -> bytes:
    listed = {"nav.xhtml", "style.css", "cover.xhtml"} | {c.href for c in chapters} | {
        c.overlay_href for c in chapters} | ({cover["href"]} if cover else set())
    resources = [
        {"id": f"res{n}", "href": href, "media_type": _media_type(PurePosixPath(href))}
        for n, href in enumerate(sorted(set(files) - listed), start=1)
    ]
    languages = [source.podcast.language] + sorted(
        {a.record.lang for a in source.articles if a.record.lang} - {source.podcast.language}
    )
    newest = source.newest_moment()
    return _render(
        "package.opf.j2", lang=source.podcast.language, identifier=source.identifier(),
        title=title, languages=languages, authors=source.authors(),
        publisher=source.podcast.title, date=newest.date().isoformat(),
        description=source.podcast.description, subject=source.selection.tag,
        source=source.podcast.link,
        modified=newest.strftime("%Y-%m-%dT%H:%M:%SZ"), cover=cover,
        active_class=ACTIVE_CLASS,
        duration=clock(sum(round(c.text.duration, 3) for c in chapters)),
        chapters=chapters, resources=resources,
    )


def clock(seconds: float) -> str:
    """A SMIL full clock value, h:mm:ss.fff, as media:duration wants."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _media_type(path: Path | PurePosixPath) -> str | None:
    """What a file is, from its first bytes for pictures (a site's cover.jpg may hold a
    PNG) and from its suffix otherwise."""
    audio = format_of(str(path))
    if audio is not None:
        return audio.mime_type
    if isinstance(path, Path) and path.is_file():
        with open(path, "rb") as handle:
            head = handle.read(8)
        if head.startswith(b"\xff\xd8\xff"):
            return "image/jpeg"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "image/png"
        return None
    return {".jpg": "image/jpeg", ".png": "image/png"}.get(path.suffix)


def _render(template: str, **values: Any) -> bytes:
    """A template with its words in its `lang` (the chapter's article's, else the book's)."""
    words = messages(values["lang"]).for_templates() if "lang" in values else {}
    return _environment().get_template(template).render(**words, **values).encode("utf-8")


@functools.cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("reader.book", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _zip(target: Path, files: dict[str, bytes | Path], done: Done) -> None:
    """The OCF container: `mimetype` first and stored, then META-INF, then the package's
    files in name order; fixed times and modes, so equal content gives equal bytes. Copying
    the episodes is most of the work: `done` counts them."""
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w") as book:
        _add(book, "mimetype", b"application/epub+zip", zipfile.ZIP_STORED)
        container = _render("container.xml.j2", package=f"{_ROOT}/package.opf")
        _add(book, "META-INF/container.xml", container, zipfile.ZIP_DEFLATED)
        copied = 0
        for name in sorted(files):
            method = zipfile.ZIP_STORED if name.endswith(_STORED) else zipfile.ZIP_DEFLATED
            _add(book, f"{_ROOT}/{name}", files[name], method)
            if name.startswith(_AUDIO):
                copied += 1
                done(copied)


def _add(book: zipfile.ZipFile, name: str, content: bytes | Path, method: int) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = method
    info.external_attr = 0o644 << 16
    if isinstance(content, bytes):
        book.writestr(info, content)
        return
    info.file_size = content.stat().st_size  # known, so no zip64 record for a small file
    with open(content, "rb") as source, book.open(info, "w") as sink:
        shutil.copyfileobj(source, sink, 1 << 20)
