"""`reader build`: the whole folder into a site, incrementally, without losing work.

The bookkeeping (what is rebuilt, retagged, removed, refused) does not depend on what the
audio says, so these builds speak with the test engine (tones); the first test builds a
site with Piper from end to end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from reader.builder import build_site
from reader.site.check import check_site

from .conftest import READER, episode_file, run_reader, write_article, write_config

FIRST = """\
    Opening words about quiet reading.

    ## Why listen

    Listening frees the eyes. It also frees the hands.

    ## Why read

    Reading lets you skim.
"""

SECOND = """\
    A second short article.

    ## One idea

    Ideas arrive on walks.
"""


def make_site(tmp_path: Path, engine: str) -> dict[str, Path]:
    articles = tmp_path / "articles"
    write_article(articles, "2026-01-05-first.md", FIRST, title="First Post", author="Ann")
    write_article(articles, "2026-02-07-second.md", SECOND, title="Second Post")
    return {
        "articles": articles,
        "output": tmp_path / "output",
        "config": write_config(tmp_path, engine=engine),
    }


@pytest.fixture()
def site(tmp_path: Path) -> dict[str, Path]:
    return make_site(tmp_path, "tones")


def build(site: dict[str, Path], **kwargs: object) -> object:
    return build_site(
        site["articles"], site["output"], site["config"], show_progress=False, **kwargs
    )


def test_builds_every_article_into_a_site_that_checks_clean(site: dict[str, Path]) -> None:
    # The test engine speaks: a build with a real voice is tests/test_publish_cli.py's (Piper)
    # and tests/test_book.py's; real voices are the suite's budget (tests/synthesis_budget.py).
    summary = build(site)
    out = site["output"]
    assert sorted(summary.built) == ["2026-01-05-first.md", "2026-02-07-second.md"]
    assert summary.failed == []
    for slug in ("first", "second"):
        mp3 = episode_file(out, slug)  # episodes/<slug>-<hash8>.mp3, named by its content
        for suffix in (".vtt", ".chapters.json", ".txt", ".sync.json"):
            assert mp3.with_suffix(suffix).is_file()
        assert (out / slug / "index.html").is_file()
    assert (out / "feed.xml").is_file() and (out / "index.html").is_file()
    assert check_site(out) == []


def test_second_build_with_nothing_changed_does_nothing(site: dict[str, Path]) -> None:
    build(site)
    feed_before = (site["output"] / "feed.xml").read_bytes()
    mp3 = episode_file(site["output"], "first")
    mtime_before = mp3.stat().st_mtime_ns

    summary = build(site)

    assert summary.built == [] and summary.synthesized == 0
    assert sorted(summary.unchanged) == ["2026-01-05-first.md", "2026-02-07-second.md"]
    assert not summary.site_written
    assert (site["output"] / "feed.xml").read_bytes() == feed_before
    assert mp3.stat().st_mtime_ns == mtime_before


def _build_with(package_root: Path, site: dict[str, Path]) -> None:
    """`reader build` in a process that imports `reader` from `package_root`."""
    subprocess.run(
        [*READER, "build", str(site["articles"]),
         "-o", str(site["output"]), "--config", str(site["config"])],
        # cwd: `python -m` puts it first on the path, before PYTHONPATH
        env={**os.environ, "PYTHONPATH": str(package_root)}, cwd=package_root,
        check=True, capture_output=True,
    )  # fmt: skip


def test_a_changed_template_or_script_rewrites_the_site_at_the_next_build(
    site: dict[str, Path], tmp_path: Path
) -> None:
    """A fix to the site's templates or its static scripts reaches every built site at the
    next build, though no article changed and nothing was bumped by hand."""
    import reader

    code = tmp_path / "code"
    shutil.copytree(Path(reader.__file__).parent, code / "reader",
                    ignore=shutil.ignore_patterns("__pycache__", "kokoro_voices"))
    out = site["output"]
    _build_with(code, site)
    page = out / "first" / "index.html"
    page_written = page.stat().st_mtime_ns
    _build_with(code, site)
    assert page.stat().st_mtime_ns == page_written  # nothing changed: nothing written

    template = code / "reader" / "site" / "templates" / "base.html.j2"
    template.write_text(template.read_text().replace("<head>", "<head><!-- fixed -->", 1))
    _build_with(code, site)
    assert "<!-- fixed -->" in page.read_text()
    assert "<!-- fixed -->" in (out / "index.html").read_text()

    piece = code / "reader" / "site" / "static" / "player.js"
    piece.write_text(piece.read_text() + "/* fixed too */\n")
    _build_with(code, site)
    assert "/* fixed too */" in (out / "read-along.js").read_text()
    assert "/* fixed too */" in (out / "embed.js").read_text()


def test_editing_one_sentence_resynthesises_only_that_sentence(site: dict[str, Path]) -> None:
    build(site)
    path = site["articles"] / "2026-01-05-first.md"
    path.write_text(path.read_text().replace("It also frees the hands.", "It rests the eyes."))

    summary = build(site)

    assert summary.built == ["2026-01-05-first.md"]
    assert summary.unchanged == ["2026-02-07-second.md"]
    assert summary.synthesized == 1
    assert "It rests the eyes." in episode_file(site["output"], "first", ".txt").read_text()
    assert check_site(site["output"]) == []


def test_a_new_podcast_title_rewrites_feed_pages_and_tags_only(site: dict[str, Path]) -> None:
    build(site)
    write_config(site["config"].parent, title="Renamed Cast")

    summary = build(site)

    assert summary.built == [] and summary.synthesized == 0  # nothing spoken or encoded
    assert summary.site_written
    assert "Renamed Cast" in (site["output"] / "feed.xml").read_text()
    assert "Renamed Cast" in (site["output"] / "index.html").read_text()
    tags = ID3(episode_file(site["output"], "first"))
    assert str(tags["TALB"]) == "Renamed Cast"
    assert len(tags.getall("CHAP")) == 3  # the chapters survive the retag
    assert check_site(site["output"]) == []


def test_drafts_are_not_published_and_unpublish_a_built_episode(site: dict[str, Path]) -> None:
    build(site)
    write_article(site["articles"], "2026-02-07-second.md", SECOND, title="Second", draft="true")

    summary = build(site)

    assert summary.drafts == ["2026-02-07-second.md"]
    feed = (site["output"] / "feed.xml").read_text()
    assert "episodes/second-" not in feed and "episodes/first-" in feed
    assert not list((site["output"] / "episodes").glob("second*"))
    assert not (site["output"] / "second").exists()


def test_a_removed_article_leaves_the_feed_and_its_files_go(site: dict[str, Path]) -> None:
    build(site)
    (site["articles"] / "2026-01-05-first.md").unlink()

    summary = build(site)

    assert summary.removed == ["first"]
    assert "episodes/first-" not in (site["output"] / "feed.xml").read_text()
    assert list((site["output"] / "episodes").glob("first*")) == []
    assert check_site(site["output"]) == []


def test_colliding_slugs_fail_clearly_and_overwrite_nothing(site: dict[str, Path]) -> None:
    build(site)
    first_mp3 = episode_file(site["output"], "first").read_bytes()
    write_article(site["articles"], "2026-03-01-copy.md", SECOND, title="Copy", slug="first")

    summary = build(site)

    assert len(summary.failed) == 1
    assert "2026-03-01-copy.md" in summary.failed[0] and "first" in summary.failed[0]
    assert episode_file(site["output"], "first").read_bytes() == first_mp3


def test_a_broken_article_does_not_stop_the_others(site: dict[str, Path]) -> None:
    (site["articles"] / "2026-04-01-broken.md").write_text("---\ntitle: [unclosed\n---\nText.\n")

    summary = build(site)

    assert len(summary.built) == 2
    assert len(summary.failed) == 1 and "2026-04-01-broken.md" in summary.failed[0]


def test_cli_reports_failures_in_one_line_and_exits_2(site: dict[str, Path]) -> None:
    (site["articles"] / "2026-04-01-broken.md").write_bytes(b"\x00\x01\x02binary\xff")
    result = run_reader(
        "build", site["articles"], "-o", site["output"], "--config", site["config"]
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "2026-04-01-broken.md" in errors[0]
    assert "Traceback" not in result.stderr
    assert "built 2, unchanged 0, failed 1 (" in result.stderr
    assert episode_file(site["output"], "first").is_file()


def test_missing_config_key_stops_before_any_synthesis(tmp_path: Path) -> None:
    config = tmp_path / "reader.toml"
    config.write_text('[podcast]\ntitle = "x"\n')
    write_article(tmp_path / "articles", "a.md", "Hello there.\n", title="A")
    result = run_reader("build", tmp_path / "articles", "-o", tmp_path / "out", "--config", config)
    assert result.returncode == 2
    assert "description" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "episodes").exists()


def _square_png(path: Path, colour: tuple[int, int, int], side: int = 1400) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (side, side if side > 0 else 1), colour).save(path, "PNG")
    return path


def _own_cover_of(output: Path, slug: str) -> tuple[bytes, str | None, bytes]:
    """(the published cover, the feed item's itunes:image, the MP3's embedded picture)."""
    import xml.etree.ElementTree as ET

    itunes = "{http://www.itunes.com/dtds/podcast-1.0.dtd}image"
    items = ET.parse(output / "feed.xml").getroot().iter("item")
    item = next(i for i in items if (i.findtext("link") or "").endswith(f"/{slug}/"))
    image = item.find(itunes)
    apic = ID3(episode_file(output, slug)).getall("APIC")
    return (
        episode_file(output, slug, ".jpg").read_bytes(),
        image.get("href") if image is not None else None,
        apic[0].data if apic else b"",
    )


def test_an_articles_own_image_is_its_episodes_cover(site: dict[str, Path]) -> None:
    picture = _square_png(site["articles"] / "images" / "walk.png", (200, 40, 40))
    write_article(site["articles"], "2026-02-07-second.md", SECOND, title="Second Post",
                  image="images/walk.png")  # fmt: skip
    first = build(site)

    jpeg, href, embedded = _own_cover_of(site["output"], "second")
    cover = episode_file(site["output"], "second", ".jpg").name
    assert href == f"https://example.com/listen/episodes/{cover}"
    assert embedded == jpeg and jpeg.startswith(b"\xff\xd8")  # JPEG, converted from the PNG
    assert check_site(site["output"]) == []
    page = (site["output"] / "second" / "index.html").read_text("utf-8")
    assert f'src="../episodes/{episode_file(site["output"], "second", ".jpg").name}"' in page
    assert not list((site["output"] / "episodes").glob("first*.jpg"))

    # A new picture under the same name: that episode is redone (from the clip cache).
    _square_png(picture, (40, 40, 200))
    again = build(site)
    assert again.built == ["2026-02-07-second.md"] and again.synthesized == 0  # type: ignore[attr-defined]
    new_jpeg, _, new_embedded = _own_cover_of(site["output"], "second")
    assert new_jpeg != jpeg and new_embedded == new_jpeg

    # No image any more: its cover goes, and the feed no longer names one.
    write_article(site["articles"], "2026-02-07-second.md", SECOND, title="Second Post")
    build(site)
    assert not list((site["output"] / "episodes").glob("second*.jpg"))
    assert ".jpg" not in (site["output"] / "feed.xml").read_text("utf-8").replace("cover.jpg", "")
    assert check_site(site["output"]) == []
    assert first.failed == []  # type: ignore[attr-defined]


def test_an_image_that_cannot_be_a_cover_fails_only_its_article(
    site: dict[str, Path],
) -> None:
    from PIL import Image

    wide = site["articles"] / "wide.png"
    Image.new("RGB", (1600, 900), (0, 0, 0)).save(wide, "PNG")
    write_article(site["articles"], "2026-02-07-second.md", SECOND, title="Second Post",
                  image="wide.png")  # fmt: skip
    messages: list[str] = []

    summary = build(site, report=messages.append)

    errors = [m for m in messages if m.startswith("error:")]
    assert len(errors) == 1 and "second.md" in errors[0] and "must be square" in errors[0]
    assert summary.built == ["2026-01-05-first.md"]  # type: ignore[attr-defined]
    assert not list((site["output"] / "episodes").glob("second.*"))


def test_a_site_from_an_older_version_is_rebuilt_once_and_its_old_files_go(
    site: dict[str, Path],
) -> None:
    import json

    build(site)
    out = site["output"]
    # What an older version left: episodes named by slug, a manifest of format 2.
    legacy = [out / "episodes" / name for name in ("first.mp3", "first.vtt", "first.txt")]
    for path in legacy:
        path.write_bytes(b"old")
    manifest = out / ".manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "version": 2}))

    summary = build(site)

    assert sorted(summary.built) == ["2026-01-05-first.md", "2026-02-07-second.md"]
    assert summary.synthesized == 0  # from the clip cache
    assert not any(path.exists() for path in legacy)
    assert check_site(out) == []
