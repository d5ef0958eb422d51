"""`reader publish` as a user runs it: the plan, the summary, settings, errors, pings."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from reader.errors import UserError
from reader.publish import publish
from reader.publish.manifest import MANIFEST_KEY, encode_manifest
from reader.publish.targets import TargetOptions, open_target
from tests.conftest import READER, run_reader

from .publish_support import Site, folder_files, make_site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path / "blog")


def reader_publish(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    return run_reader("publish", "output", *args, cwd=site.root)


def add_settings(site: Site, text: str) -> None:
    with open(site.root / "reader.toml", "a", encoding="utf-8") as config:
        config.write("\n" + text)


def test_dry_run_prints_the_plan_in_order_and_changes_nothing(site: Site, tmp_path: Path) -> None:
    served = tmp_path / "served"
    done = reader_publish(site, "--to", str(served), "--dry-run")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    uploads = [line.split()[1] for line in lines if line.startswith("upload ")]
    assert uploads[-1] == "feed.xml"
    assert uploads.index("episodes/first-light.mp3") < uploads.index("first-light/index.html")
    assert "upload episodes/first-light.vtt (text/vtt; charset=utf-8; public, max-age=300;" \
        in done.stdout
    assert lines[-1].startswith(f"would publish to {served}: upload {len(site.files())} (")
    assert folder_files(served) == {}


def test_the_summary_line_counts_uploaded_unchanged_and_deleted(site: Site,
                                                                 tmp_path: Path) -> None:
    served = tmp_path / "served"
    first = reader_publish(site, "--to", str(served))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"published to {served}: uploaded {len(site.files())} (")
    # One article gone: its 4 episode files, its page and the page's data for the embed.
    site.rebuild(site.records[1:])
    second = reader_publish(site, "--to", str(served))
    assert second.stdout.strip().endswith(  # the new feed and index page are sent
        f"uploaded 2 ({second.stdout.split('(')[1].split(')')[0]}), "
        f"unchanged {len(site.files()) - 2}, deleted 6")


def test_the_target_can_come_from_reader_toml(site: Site, tmp_path: Path) -> None:
    add_settings(site, f'[publish]\nto = "{tmp_path / "served"}"\n')
    done = reader_publish(site)
    assert done.returncode == 0, done.stderr
    assert folder_files(tmp_path / "served") == site.files()


def test_without_a_target_it_says_how_to_give_one(site: Site) -> None:
    done = reader_publish(site)
    assert done.returncode == 2
    assert done.stderr.startswith("error: no target: pass --to (s3://bucket/prefix, "
                                  "user@host:path (rsync over SSH), a folder path)")
    assert done.stderr.count("\n") == 1


def test_a_misspelt_publish_setting_is_named(site: Site) -> None:
    add_settings(site, '[publish]\ntoo = "x"\n')
    done = reader_publish(site, "--to", "x")
    assert done.returncode == 2
    assert "unknown key [publish] 'too'; did you mean 'to'?" in done.stderr


def test_a_site_that_was_never_built_is_refused(tmp_path: Path) -> None:
    (tmp_path / "output").mkdir()
    done = run_reader("publish", "output", "--to", tmp_path / "served", cwd=tmp_path)
    assert done.returncode == 2
    assert "has no feed.xml: not a built site" in done.stderr


def test_a_folder_target_inside_the_site_is_refused(site: Site) -> None:
    with pytest.raises(UserError, match="overlaps the site folder"):
        publish(site.output, str(site.output / "copy"), show_progress=False)


def test_no_publish_while_a_build_writes_the_site(site: Site, tmp_path: Path) -> None:
    with FileLock(str(site.output / ".build.lock"), timeout=0):
        with pytest.raises(UserError, match="a `reader build` is writing this folder"):
            publish(site.output, str(tmp_path / "served"), show_progress=False)


def test_a_hostile_remote_manifest_cannot_delete_outside_the_target(site: Site,
                                                                   tmp_path: Path) -> None:
    served = tmp_path / "served"
    served.mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    (served / MANIFEST_KEY).write_bytes(encode_manifest({"../precious.txt": "0" * 64}))
    publish(site.output, str(served), show_progress=False)
    assert outside.read_text() == "keep me"
    assert folder_files(served) == site.files()


def test_a_missing_rsync_is_one_clear_line(site: Site, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    with pytest.raises(UserError) as caught:
        open_target("deploy@example.com:/srv/listen", TargetOptions(site.output))
    assert str(caught.value) == (
        "deploy@example.com:/srv/listen: rsync is not installed on this machine; install it "
        "(e.g. `sudo apt-get install rsync`) or publish to s3:// or a folder")


def test_targets_are_recognised_by_their_form(site: Site) -> None:
    from reader.publish.targets.folder import FolderTarget
    from reader.publish.targets.rsync import RsyncTarget

    options = TargetOptions(site.output)
    assert isinstance(open_target("deploy@example.com:listen", options), RsyncTarget)
    assert isinstance(open_target("example.com:", options), RsyncTarget)
    assert isinstance(open_target(str(site.root / "served"), options), FolderTarget)
    with pytest.raises(UserError, match="--endpoint-url applies to s3:// targets only"):
        open_target("host:x", TargetOptions(site.output, "http://127.0.0.1:9000"))


class _Hub(http.server.BaseHTTPRequestHandler):
    pings: list[dict[str, list[str]]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers["Content-Length"])
        self.pings.append(urllib.parse.parse_qs(self.rfile.read(length).decode()))
        self.send_response(204)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 (Podcast Index's hub takes a GET)
        self.pings.append(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def websub_hub() -> Iterator[tuple[str, list[dict[str, list[str]]]]]:
    """A WebSub hub on 127.0.0.1: the HTTP boundary of the ping, recording what it gets."""
    _Hub.pings = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", _Hub.pings
    finally:
        server.shutdown()
        server.server_close()


def test_a_websub_hub_is_pinged_only_when_the_feed_changed(
    site: Site, tmp_path: Path, websub_hub: tuple[str, list[dict[str, list[str]]]]
) -> None:
    hub, pings = websub_hub
    add_settings(site, f'[publish]\nto = "{tmp_path / "served"}"\nnotify = [{json.dumps(hub)}]\n')
    first = reader_publish(site)
    assert first.returncode == 0, first.stderr
    assert pings == [{"hub.mode": ["publish"],
                      "hub.url": ["https://example.com/listen/feed.xml"]}]
    assert f"notified {hub}" in first.stderr
    assert reader_publish(site).returncode == 0
    assert len(pings) == 1  # nothing changed: no ping


def test_podcast_index_is_told_the_feed_url(
    monkeypatch: pytest.MonkeyPatch, websub_hub: tuple[str, list[dict[str, list[str]]]]
) -> None:
    from reader.publish import notify

    hub, pings = websub_hub
    monkeypatch.setattr(notify, "PODCAST_INDEX", hub + "api/1.0/hub/pubnotify")
    feed = "https://example.com/listen/feed.xml"
    assert notify.notify_all(feed, ["podcastindex"]) == ["notified podcastindex"]
    assert pings == [{"url": [feed]}]


def test_a_failed_ping_is_reported_and_never_fails_the_publish(site: Site,
                                                               tmp_path: Path) -> None:
    add_settings(site, f'[publish]\nto = "{tmp_path / "served"}"\n'
                 'notify = ["http://127.0.0.1:9/"]\n')
    done = reader_publish(site)
    assert done.returncode == 0
    assert "notify http://127.0.0.1:9/: failed (ConnectionError); the feed is published " \
        "anyway" in done.stderr


def test_a_real_build_published_then_an_article_removed_keeps_the_live_site_whole(
    tmp_path: Path,
) -> None:
    """End to end with `reader build` (real Piper, one short sentence per article): the
    published folder passes `reader check` even when the publish after a removal is
    killed just before the new feed, and the removed article's files go only after it."""
    from reader.site.check import check_site

    from .conftest import write_article, write_config

    articles = tmp_path / "articles"
    write_article(articles, "one.md", "A short first note.\n", title="One", date="2024-01-01")
    write_article(articles, "two.md", "A short second note.\n", title="Two", date="2024-01-02")
    write_config(tmp_path, engine="piper")
    served = tmp_path / "served"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_reader(*args, cwd=tmp_path)

    assert run("build").returncode == 0
    assert run("publish", "--to", str(served)).returncode == 0
    assert check_site(served) == []
    (articles / "one.md").unlink()
    assert run("build").returncode == 0
    gone = folder_files(served).keys() - folder_files(tmp_path / "output").keys()
    assert "one/index.html" in gone and any(key.endswith(".mp3") for key in gone)

    killed = subprocess.run(  # a kill point ends the process: it must be its own
        [*READER, "publish", "--to", str(served)], cwd=tmp_path, capture_output=True,
        check=False, env={**os.environ, "READER_CRASH_BEFORE": "feed.xml"},
    )  # fmt: skip
    assert killed.returncode == -9
    assert gone <= folder_files(served).keys()  # the live feed still names them
    assert check_site(served) == []
    done = run("publish", "--to", str(served))
    assert done.returncode == 0, done.stderr
    assert not gone & folder_files(served).keys()
    assert not (served / "one").exists()
    assert check_site(served) == []
