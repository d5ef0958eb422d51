"""Publishing to each kind of target, for real: a moto S3 server process on 127.0.0.1, a
folder, and the system's rsync into a folder. The same specification holds for all three."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.errors import UserError
from reader.publish import PublishSummary, publish_to
from reader.publish.manifest import MANIFEST_KEY
from reader.publish.targets import Target, TargetOptions, open_target
from reader.publish.targets.rsync import RsyncTarget

from .publish_support import (
    AWS_ENV,
    S3Server,
    Site,
    folder_files,
    make_site,
    many_episodes,
)
from .site_support import add_episode


@dataclass
class Remote:
    """One target under test: how to reach it and what it holds."""

    kind: str
    spec: str
    endpoint_url: str | None
    files: Callable[[], dict[str, bytes]]

    def open(self, site: Site) -> Target:
        if self.kind == "rsync":  # a local destination: the real rsync, no SSH server needed
            return RsyncTarget(self.spec, site.output)
        return open_target(self.spec, TargetOptions(site.output, self.endpoint_url))

    def publish(self, site: Site, **options: int) -> PublishSummary:
        return publish_to(site.output, self.open(site), show_progress=False, **options)[1]

    def publish_in_a_process(self, site: Site, **env: str) -> subprocess.CompletedProcess[str]:
        """The same publish in a child process (so a test can have it SIGKILLed)."""
        target = (f"RsyncTarget({self.spec!r}, Path({str(site.output)!r}))"
                  if self.kind == "rsync" else
                  f"open_target({self.spec!r}, TargetOptions(Path({str(site.output)!r}), "
                  f"{self.endpoint_url!r}))")
        code = ("from pathlib import Path\n"
                "from reader.publish import publish_to\n"
                "from reader.publish.targets import TargetOptions, open_target\n"
                "from reader.publish.targets.rsync import RsyncTarget\n"
                f"print(publish_to(Path({str(site.output)!r}), {target}, "
                "show_progress=False)[1].line())\n")
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**os.environ, **AWS_ENV, **env}, timeout=120, check=False)


@pytest.fixture(params=["s3", "folder", "rsync"])
def remote(request: pytest.FixtureRequest, tmp_path: Path) -> Remote:
    if request.param == "s3":
        request.getfixturevalue("aws_env")
        server: S3Server = request.getfixturevalue("s3_server")
        bucket = server.new_bucket(f"site-{uuid.uuid4().hex[:12]}")
        prefix = "listen/"

        def s3_files() -> dict[str, bytes]:
            objects = server.objects(bucket, prefix)
            return {key: item["body"] for key, item in objects.items() if key != MANIFEST_KEY}

        return Remote("s3", f"s3://{bucket}/listen", server.endpoint_url, s3_files)
    if request.param == "rsync" and shutil.which("rsync") is None:
        pytest.skip("rsync is not installed (scripts/ensure-test-tools installs it)")
    folder = tmp_path / "served"
    folder.mkdir()
    return Remote(request.param, str(folder), None, lambda: folder_files(folder))


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path / "blog")


def test_every_file_arrives_with_its_bytes(remote: Remote, site: Site) -> None:
    summary = remote.publish(site)
    assert remote.files() == site.files()
    assert summary.uploaded[-1] == "feed.xml"
    assert len(summary.uploaded) == len(site.files()) and summary.deleted == ()


def test_a_second_publish_sends_nothing(remote: Remote, site: Site) -> None:
    remote.publish(site)
    again = remote.publish(site)
    assert again.uploaded == () and again.deleted == ()
    assert again.unchanged == len(site.files())
    assert again.line().endswith(f"uploaded 0 (0 B), unchanged {len(site.files())}, deleted 0")


def test_a_removed_article_is_deleted_only_after_the_new_feed_is_in_place(
    remote: Remote, site: Site
) -> None:
    remote.publish(site)
    old_feed = remote.files()["feed.xml"]
    site.rebuild([site.records[0], site.records[2],
                  add_episode(site.output, "late-news", date="2024-06-01", frequency=880)])
    gone = {"episodes/deep-friendships.mp3", "episodes/deep-friendships.vtt",
            "deep-friendships/index.html"}

    # Killed at the worst instant, just before the new feed goes up: the old feed is live
    # and every file it names is still there; the new episode is already in place.
    killed = remote.publish_in_a_process(site, READER_CRASH_BEFORE="feed.xml")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    held = remote.files()
    assert held["feed.xml"] == old_feed
    assert gone <= held.keys()
    assert held["episodes/late-news.mp3"] == site.files()["episodes/late-news.mp3"]

    rerun = remote.publish(site)
    assert remote.files() == site.files()
    assert not gone & remote.files().keys()
    assert "feed.xml" in rerun.uploaded and "episodes/deep-friendships.mp3" in rerun.deleted
    assert remote.publish(site).uploaded == ()


def test_a_publish_killed_midway_through_the_media_ends_complete_when_run_again(
    remote: Remote, site: Site
) -> None:
    killed = remote.publish_in_a_process(site, READER_CRASH_BEFORE="quiet-hours.mp3")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert "feed.xml" not in remote.files()  # no feed can name what is not there yet
    arrived = {key for key, body in remote.files().items() if site.files().get(key) == body}

    rerun = remote.publish_in_a_process(site)
    assert rerun.returncode == 0, rerun.stderr
    assert remote.files() == site.files()
    # What the killed run sent is not sent again, though no manifest was written for it.
    left = len(site.files()) - len(arrived)
    assert f": uploaded {left} (" in rerun.stdout
    assert rerun.stdout.strip().endswith(f"unchanged {len(arrived)}, deleted 0")
    assert remote.publish(site).uploaded == ()


def test_max_deletes_stops_a_mass_delete_and_publishes_nothing(
    remote: Remote, site: Site
) -> None:
    many_episodes(site, 4)
    remote.publish(site)
    before = remote.files()
    # 4 articles gone: 4 pages, their 4 data files for the embed and 16 episode files
    site.rebuild(site.records[:3])
    with pytest.raises(UserError, match="would delete 24 files, more than --max-deletes 10"):
        remote.publish(site, max_deletes=10)
    assert remote.files() == before
    assert len(remote.publish(site, max_deletes=24).deleted) == 24
    assert remote.files() == site.files()
