"""`reader check`: finds what podcast apps and directories would reject, one line each."""

from __future__ import annotations

import dataclasses
import json
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from reader.models import EpisodeRecord
from reader.site import write_site
from reader.site.check import check_site
from tests.conftest import run_reader

try:  # tests as a package, or as loose modules (pytest's default rootdir import)
    from .site_support import add_episode, site_config, three_episodes
except ImportError:
    from site_support import add_episode, site_config, three_episodes  # type: ignore[no-redef]


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, list[EpisodeRecord]]:
    output = tmp_path / "output"
    records = three_episodes(output)
    write_site(output, site_config(tmp_path), records)
    return output, records


def only(problems: list[str]) -> str:
    assert len(problems) == 1, problems
    return problems[0]


def test_a_fresh_site_has_no_problems(site: tuple[Path, list[EpisodeRecord]]) -> None:
    assert check_site(site[0]) == []


def test_wrong_enclosure_length(tmp_path: Path) -> None:
    output = tmp_path / "output"
    records = three_episodes(output)
    records[0] = dataclasses.replace(records[0], size_bytes=records[0].size_bytes + 7)
    write_site(output, site_config(tmp_path), records)
    problem = only(check_site(output))
    assert "feed.xml" in problem and "enclosure length" in problem
    assert f"{records[0].size_bytes - 7} bytes" in problem


def test_duration_that_does_not_match_the_audio(tmp_path: Path) -> None:
    output = tmp_path / "output"
    records = three_episodes(output)
    records[1] = dataclasses.replace(records[1], duration_ms=9000)
    write_site(output, site_config(tmp_path), records)
    problem = only(check_site(output))
    assert "itunes:duration 9 s" in problem and "deep-friendships.mp3" in problem


def test_missing_files(site: tuple[Path, list[EpisodeRecord]]) -> None:
    output, _ = site
    (output / "episodes" / "quiet-hours.vtt").unlink()
    (output / "episodes" / "first-light.mp3").unlink()
    (output / "episodes" / "first-light.sync.json").unlink()
    (output / "read-along.js").unlink()
    problems = check_site(output)
    assert any("podcast:transcript file" in p and "quiet-hours.vtt is missing" in p
               for p in problems)
    assert any("enclosure file" in p and "first-light.mp3 is missing" in p for p in problems)
    # the pages link to the same files, so they are reported there too
    assert any("quiet-hours/index.html: link '../episodes/quiet-hours.vtt'" in p
               for p in problems)
    # and the read-along's script and timing file, which only the pages use
    assert any("first-light/index.html: link '../episodes/first-light.sync.json'" in p
               for p in problems)
    assert any("quiet-hours/index.html: link '../read-along.js'" in p for p in problems)


def test_the_embeds_script_and_an_episodes_data_for_it_are_checked(
    site: tuple[Path, list[EpisodeRecord]]
) -> None:
    output, _ = site
    (output / "embed.js").unlink()
    (output / "quiet-hours" / "episode.js").unlink()
    assert check_site(output) == [
        f"{output / 'embed.js'}: missing (the blog's embed; run `reader build`)",
        f"{output / 'quiet-hours' / 'episode.js'}: missing (the episode's data for the embed "
        "on the blog's pages; run `reader build`)",
    ]


def test_broken_page_link(site: tuple[Path, list[EpisodeRecord]]) -> None:
    output, _ = site
    page = output / "first-light" / "index.html"
    page.write_text(page.read_text().replace("</main>", '<a href="../nowhere/">x</a></main>'))
    problem = only(check_site(output))
    assert problem == f"{page}: link '../nowhere/' points at nothing in {output}"


def test_missing_episode_page(site: tuple[Path, list[EpisodeRecord]]) -> None:
    output, _ = site
    (output / "quiet-hours" / "index.html").unlink()
    problems = check_site(output)
    assert any("link 'https://example.com/listen/quiet-hours/' has no page" in p
               for p in problems)
    assert any("index.html: link 'quiet-hours/' points at nothing" in p for p in problems)


def test_invalid_chapters_json(site: tuple[Path, list[EpisodeRecord]]) -> None:
    output, _ = site
    (output / "episodes" / "first-light.chapters.json").write_text("{not json")
    assert "first-light.chapters.json: not valid JSON" in only(check_site(output))


@pytest.mark.parametrize(
    ("size", "mode", "expected"),
    [((1600, 1400), "RGB", "must be square"),
     ((1000, 1000), "RGB", "1400-3000 px"),
     ((1400, 1400), "CMYK", "colour mode is CMYK")],
)
def test_bad_cover(site: tuple[Path, list[EpisodeRecord]], size: tuple[int, int], mode: str,
                   expected: str) -> None:
    output, _ = site
    Image.new(mode, size).save(output / "cover.jpg", "JPEG")
    assert expected in only(check_site(output))


def test_duplicate_guids_and_missing_tags(site: tuple[Path, list[EpisodeRecord]]) -> None:
    output, _ = site
    feed = output / "feed.xml"
    text = feed.read_text()
    guids = [line for line in text.splitlines() if "<guid" in line]
    text = text.replace(guids[1], guids[0]).replace("<itunes:type>episodic</itunes:type>", "")
    feed.write_text(text)
    problems = check_site(output)
    assert any("repeats item 1" in p for p in problems)
    assert any("channel has no <itunes:type>" in p for p in problems)


def test_cli_prints_one_line_per_problem_and_exits_2(
    site: tuple[Path, list[EpisodeRecord]]
) -> None:
    output, _ = site
    ok = run_reader("check", output)
    assert ok.returncode == 0 and "no problems found" in ok.stdout
    (output / "cover.jpg").unlink()
    bad = run_reader("check", output)
    assert bad.returncode == 2
    lines = bad.stdout.strip().splitlines()
    assert lines[0] == f"{output / 'cover.jpg'}: missing"
    assert lines[1] == f"{output / 'index.html'}: link 'cover.jpg' points at nothing in {output}"
    assert len(lines) == 2


def test_not_a_site(tmp_path: Path) -> None:
    assert "not a folder" in only(check_site(tmp_path / "nothing"))


def test_five_hundred_episodes_are_written_and_checked(tmp_path: Path) -> None:
    output = tmp_path / "output"
    template = add_episode(output, "template")
    episodes = output / "episodes"
    records = []
    for number in range(500):
        slug = f"post-{number:03d}"
        for suffix in (".mp3", ".vtt", ".chapters.json", ".txt", ".sync.json"):
            os.link(episodes / f"template{suffix}", episodes / f"{slug}{suffix}")
        records.append(dataclasses.replace(
            template, slug=slug, title=f"Post {number}", audio_file=f"episodes/{slug}.mp3",
            date=f"{2000 + number % 25}-{1 + number % 12:02d}-{1 + number % 28:02d}",
        ))
    started = time.perf_counter()
    write_site(output, site_config(tmp_path), records)
    assert check_site(output) == []
    elapsed = time.perf_counter() - started
    feed = (output / "feed.xml").read_text()
    assert feed.count("<item>") == 500
    assert json.loads((output / "episodes" / "post-499.chapters.json").read_text())["chapters"]
    print(f"500 episodes: write_site + check_site in {elapsed:.2f} s")


def test_reader_check_command_exits_2_on_problems(tmp_path: Path) -> None:
    (tmp_path / "output").mkdir()
    result = run_reader("check", "output", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout.splitlines()[0] == "output/feed.xml: missing"


def test_an_episodes_own_cover_must_exist_and_be_a_podcast_cover(tmp_path: Path) -> None:
    output = tmp_path / "output"
    records = three_episodes(output)
    records[0] = dataclasses.replace(records[0], image=f"episodes/{records[0].slug}.jpg")
    records[1] = dataclasses.replace(records[1], image=f"episodes/{records[1].slug}.jpg")
    Image.new("RGB", (1400, 1400)).save(output / "episodes" / f"{records[1].slug}.jpg", "JPEG")
    write_site(output, site_config(tmp_path), records)
    feed_problem, page_problem = check_site(output)  # the feed's itunes:image, the page's img
    assert feed_problem.endswith(f"episodes/{records[0].slug}.jpg: missing")
    assert f"{records[0].slug}/index.html" in page_problem and "points at nothing" in page_problem

    Image.new("RGB", (1500, 1400)).save(output / "episodes" / f"{records[0].slug}.jpg", "JPEG")
    assert "must be square" in only(check_site(output))


OP3 = "https://op3.dev/e/"


@pytest.mark.parametrize(("base_url", "after_prefix"), [
    ("https://example.com/listen/", "example.com/listen/"),  # https: the scheme goes
    ("http://example.com/listen/", "http://example.com/listen/"),  # http: it stays (OP3)
])
def test_an_enclosure_prefix_goes_before_every_enclosure_in_every_feed(
    tmp_path: Path, base_url: str, after_prefix: str
) -> None:
    import io

    import feedparser
    import podcastparser

    output = tmp_path / "output"
    records = three_episodes(output)
    records[2] = dataclasses.replace(records[2], lang="fr")  # a second feed: feed-fr.xml
    config = site_config(tmp_path, base_url=base_url,
                         extra=f'\n[feed]\nenclosure_prefix = "{OP3}"\n')
    write_site(output, config, records)
    feeds = {path.name: path.read_bytes() for path in output.glob("feed*.xml")}
    assert sorted(feeds) == ["feed-fr.xml", "feed.xml"]
    expected = {OP3 + after_prefix + record.audio_file for record in records}
    seen = set()
    for name, xml in feeds.items():
        by_feedparser = [e.enclosures[0].href for e in feedparser.parse(xml).entries]
        by_gpodder = [e["enclosures"][0]["url"] for e in
                      podcastparser.parse(base_url + name, io.BytesIO(xml))["episodes"]]
        assert by_feedparser and sorted(by_feedparser) == sorted(by_gpodder)
        seen.update(by_feedparser)
    assert seen == expected
    assert check_site(output) == []

    # One enclosure without the prefix the others carry is caught.
    feed = output / "feed.xml"
    feed.write_bytes(feed.read_bytes().replace((OP3 + after_prefix).encode(),
                                               base_url.encode(), 1))
    problem = only(check_site(output))
    assert problem.startswith(f"{feed}: item 1 ") and f"not {OP3!r} as the others" in problem


def test_an_enclosure_prefix_must_be_a_url(tmp_path: Path) -> None:
    from reader.errors import ConfigError

    with pytest.raises(ConfigError, match=r"\[feed\] enclosure_prefix"):
        site_config(tmp_path, extra='\n[feed]\nenclosure_prefix = "op3.dev/e/"\n')
