"""Killed builds, concurrent builds and unwritable output folders lose no work.

The crash tests run `reader build` as a real process and SIGKILL it at the worst
instants: mid-synthesis, with an encoded episode not yet renamed into place, between
replacing an episode and writing the feed, and with a new feed not yet renamed into place.
After each, the site on disk must still be a complete, consistent site (every enclosure
exists with exactly the announced length), and the next build must finish the work from
the clip cache.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from mutagen.mp3 import MP3

from reader.site.check import check_site
from reader.speech.engines.tones import PACE_ENV

from .conftest import READER, episode_file, run_reader, write_article, write_config

ARTICLE = """\
    {name} begins here with a calm opening line.

    ## Middle

    The middle holds a sentence or two. Then another one follows.

    ## End

    And the end is short.
"""


def make_site(tmp_path: Path, names: list[str]) -> dict[str, Path]:
    """A site spoken by the test engine (PACED where synthesis must take time)."""
    articles = tmp_path / "articles"
    for day, name in enumerate(names, start=1):
        write_article(
            articles, f"2026-05-{day:02d}-{name}.md", ARTICLE.format(name=name.title()),
            title=name.title(),
        )
    return {
        "articles": articles,
        "output": tmp_path / "output",
        "config": write_config(tmp_path),
        "cache": tmp_path / "cache",
    }


def build_args(site: dict[str, Path]) -> list[str]:
    return ["build", str(site["articles"]), "-o", str(site["output"]),
            "--config", str(site["config"])]


def build_cmd(site: dict[str, Path]) -> list[str]:
    """The build as its own process, to kill."""
    return [*READER, *build_args(site)]


def run_build(site: dict[str, Path]) -> subprocess.CompletedProcess[str]:
    return run_reader(*build_args(site))


def crash_build(site: dict[str, Path], before: str) -> subprocess.CompletedProcess[str]:
    """A build in its own process, which kills itself just before renaming a file into
    place whose name matches `before` (reader.fsutil's kill point)."""
    return subprocess.run(
        build_cmd(site), capture_output=True, text=True, check=False,
        env={**os.environ, "READER_CRASH_BEFORE": before}, timeout=300,
    )


def feed_enclosures(output: Path) -> dict[str, int]:
    """url file name -> announced length, from a feed that must parse."""
    root = ET.parse(output / "feed.xml").getroot()
    return {
        enc.attrib["url"].rsplit("/", 1)[-1]: int(enc.attrib["length"])
        for enc in root.iter("enclosure")
    }


def feed_slugs(output: Path) -> set[str]:
    """The slugs whose episodes the feed announces (files are <slug>-<hash8>.mp3)."""
    return {name.rsplit("-", 1)[0] for name in feed_enclosures(output)}


def assert_site_consistent(output: Path) -> None:
    """The feed parses and lists only complete episodes whose files match exactly.

    Episodes are immutable files named by their content, so a replaced episode is a new
    file: the one the feed announces stays, unchanged, until the new feed is in place.
    """
    for name, length in feed_enclosures(output).items():
        path = output / "episodes" / name
        assert path.is_file(), f"feed lists {name} but the file is missing"
        assert path.stat().st_size == length, f"{name}: feed length differs from the file"
        assert MP3(path).info.length > 1, f"{name} is not a complete MP3"
        for sidecar in (".vtt", ".chapters.json", ".txt"):
            assert path.with_suffix(sidecar).is_file(), f"{name}: no {sidecar}"


def clip_count(cache: Path) -> int:
    return sum(1 for _ in (cache / "clips").glob("*/*.wav"))


def _built(site: dict[str, Path]) -> dict[str, Path]:
    first = run_build(site)
    assert first.returncode == 0, first.stderr
    return site


@pytest.fixture(scope="module")
def alpha_and_beta(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with alpha and beta built, once per module: each test works on a copy
    (a `reader build` costs about a second of CPU)."""
    folder = tmp_path_factory.mktemp("built")
    _built(make_site(folder, ["alpha", "beta"]))
    return folder


def copy_of_built(built: Path, folder: Path) -> dict[str, Path]:
    """`built` copied into `folder`, whose reader.toml names the copy's own clip cache."""
    shutil.copytree(built, folder)
    return make_site(folder, [])  # no article added; reader.toml written for the copy


@pytest.fixture()
def built_site(alpha_and_beta: Path, tmp_path: Path) -> Iterator[dict[str, Path]]:
    yield copy_of_built(alpha_and_beta, tmp_path / "site")


# Killing a build *during* synthesis needs synthesis that takes time: the test engine paced
# about as Piper runs on two ordinary cores (0.12 s per second of audio), which costs none of
# the real-voice budget (tests/synthesis_budget.py).
PACED = {PACE_ENV: "0.12"}


@pytest.fixture()
def built_paced_site(
    alpha_and_beta: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[dict[str, Path]]:
    for name, value in PACED.items():
        monkeypatch.setenv(name, value)  # for every `reader build` the test starts
    yield copy_of_built(alpha_and_beta, tmp_path / "site")


def add_and_edit(site: dict[str, Path]) -> None:
    """A new article and an edit to a published one: the next build has work to do."""
    write_article(site["articles"], "2026-05-09-gamma.md", ARTICLE.format(name="Gamma"),
                  title="Gamma")
    alpha = site["articles"] / "2026-05-01-alpha.md"
    alpha.write_text(alpha.read_text().replace("And the end is short.", "The end is near."))


def pieces_synthesised(stderr: str) -> int:
    match = re.search(r"\((\d+) pieces synthesised\)", stderr)
    assert match, stderr
    return int(match.group(1))


# Builds go in file order: alpha (edited), then gamma (new), then the feed, once. Clips are
# shared by text, so gamma needs only 2 pieces of its own: its title line and its first
# sentence. Killed before gamma's MP3 lands, alpha has already been replaced: the instant
# between replacing an episode and writing the feed.
@pytest.mark.parametrize(
    ("crash_before", "left_to_synthesise"),
    [("alpha-*.mp3", 2), ("gamma-*.mp3", 0), ("feed.xml", 0)],
)
def test_sigkill_before_a_rename_leaves_the_previous_site(
    built_site: dict[str, Path], crash_before: str, left_to_synthesise: int
) -> None:
    before = feed_enclosures(built_site["output"])
    add_and_edit(built_site)

    crashed = crash_build(built_site, before=crash_before)

    assert crashed.returncode == -signal.SIGKILL
    assert_site_consistent(built_site["output"])
    # The feed on disk is still the previous one: the same files, the same lengths.
    assert feed_enclosures(built_site["output"]) == before
    assert "gamma" not in feed_slugs(built_site["output"])

    rerun = run_build(built_site)

    assert rerun.returncode == 0, rerun.stderr
    assert pieces_synthesised(rerun.stderr) == left_to_synthesise
    assert check_site(built_site["output"]) == []
    assert feed_slugs(built_site["output"]) == {"alpha", "beta", "gamma"}
    assert list(built_site["output"].rglob("*.tmp")) == []
    # The replaced episode's files went once the new feed was in place; nothing is left over.
    episodes = sorted(p.name for p in (built_site["output"] / "episodes").iterdir())
    # five files an episode: .mp3 .vtt .chapters.json .txt and the read-along's .sync.json
    assert len(episodes) == 3 * 5 and episode_file(built_site["output"], "alpha")


def test_sigkill_after_a_retag_before_the_feed_leaves_the_previous_site(
    built_site: dict[str, Path],
) -> None:
    """A new podcast title retags every episode into new files; the old ones stay until the
    new feed is in place."""
    before = feed_enclosures(built_site["output"])
    write_config(built_site["config"].parent, title="Renamed Cast")

    crashed = crash_build(built_site, before="feed.xml")

    assert crashed.returncode == -signal.SIGKILL
    assert_site_consistent(built_site["output"])
    assert feed_enclosures(built_site["output"]) == before
    rerun = run_build(built_site)
    assert rerun.returncode == 0, rerun.stderr
    assert pieces_synthesised(rerun.stderr) == 0
    after = feed_enclosures(built_site["output"])
    assert set(after).isdisjoint(before)  # new tags, new files
    assert_site_consistent(built_site["output"])
    assert check_site(built_site["output"]) == []
    assert not any((built_site["output"] / "episodes" / name).exists() for name in before)


def test_sigkill_during_synthesis_resumes_from_the_cache(
    built_paced_site: dict[str, Path],
) -> None:
    built_site = built_paced_site
    add_and_edit(built_site)
    clips_before = clip_count(built_site["cache"])
    proc = subprocess.Popen(build_cmd(built_site), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while clip_count(built_site["cache"]) == clips_before and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert_site_consistent(built_site["output"])
    made_before_kill = clip_count(built_site["cache"]) - clips_before
    assert made_before_kill >= 1

    rerun = run_build(built_site)

    assert rerun.returncode == 0, rerun.stderr
    assert [p.name for p in (built_site["cache"] / "work").iterdir()] == []
    # Alpha's new sentence, gamma's title line and first sentence: three pieces in all.
    assert pieces_synthesised(rerun.stderr) == 3 - made_before_kill
    assert check_site(built_site["output"]) == []
    assert clip_count(built_site["cache"]) - clips_before == 3


def test_a_second_concurrent_build_stops_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in PACED.items():
        monkeypatch.setenv(name, value)  # the first build is still speaking when the second starts
    site = make_site(tmp_path, ["alpha", "beta", "gamma"])
    first = subprocess.Popen(build_cmd(site), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while clip_count(site["cache"]) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)

    second = run_build(site)

    assert second.returncode == 2
    assert "another `reader build`" in second.stderr and "Traceback" not in second.stderr
    _, first_err = first.communicate(timeout=300)
    assert first.returncode == 0, first_err
    assert check_site(site["output"]) == []


def _mount_tmpfs(target: Path, options: str) -> bool:
    target.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                            capture_output=True, check=False)
    return result.returncode == 0


needs_mount = pytest.mark.skipif(
    os.geteuid() != 0, reason="needs root to mount a small or read-only file system"
)


@needs_mount
def test_a_read_only_output_folder_is_a_clear_error_and_the_site_survives(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path, ["alpha"])
    output = site["output"]
    if not _mount_tmpfs(output, "size=20m"):
        pytest.skip("mount is not permitted here")
    try:
        assert run_build(site).returncode == 0
        feed = (output / "feed.xml").read_bytes()
        add_and_edit(site)
        subprocess.run(["mount", "-o", "remount,ro", str(output)], check=True)

        result = run_build(site)

        assert result.returncode == 2
        assert str(output) in result.stderr and "Traceback" not in result.stderr
        assert (output / "feed.xml").read_bytes() == feed
    finally:
        subprocess.run(["umount", str(output)], check=False)


@needs_mount
def test_a_full_disk_is_a_clear_error_and_the_site_survives(tmp_path: Path) -> None:
    site = make_site(tmp_path, ["alpha"])
    output = site["output"]
    if not _mount_tmpfs(output, "size=2m"):
        pytest.skip("mount is not permitted here")
    try:
        assert run_build(site).returncode == 0
        feed = (output / "feed.xml").read_bytes()
        stat = os.statvfs(output)
        (output / "filler").write_bytes(b"\0" * (stat.f_bavail * stat.f_frsize - 8192))
        add_and_edit(site)

        result = run_build(site)

        assert result.returncode == 2
        assert "No space left" in result.stderr or "no space" in result.stderr.lower()
        assert "Traceback" not in result.stderr
        (output / "filler").unlink()
        assert (output / "feed.xml").read_bytes() == feed
        assert_site_consistent(output)
    finally:
        subprocess.run(["umount", str(output)], check=False)
