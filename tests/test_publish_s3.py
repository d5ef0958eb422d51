"""Publishing to S3-compatible storage, against a real moto server process on 127.0.0.1:
headers, metadata, the order of requests as the server saw them, and errors."""

from __future__ import annotations

import hashlib
import os
import subprocess
import uuid
from pathlib import Path

from reader.publish import publish
from reader.publish.files import IMMUTABLE, SHORT, content_type
from reader.publish.manifest import MANIFEST_KEY
from tests.conftest import run_reader

from .publish_support import (
    AWS_ENV,
    S3Server,
    make_site,
)
from .site_support import add_episode

EXPECTED_TYPES = {
    "episodes/first-light.mp3": "audio/mpeg",
    "episodes/first-light.vtt": "text/vtt; charset=utf-8",
    "episodes/first-light.chapters.json": "application/json",
    "feed.xml": "application/rss+xml; charset=utf-8",
    "index.html": "text/html; charset=utf-8",
    "first-light/index.html": "text/html; charset=utf-8",
    "cover.jpg": "image/jpeg",
}


def bucket(server: S3Server) -> str:
    return server.new_bucket(f"site-{uuid.uuid4().hex[:12]}")


def test_every_object_has_its_content_type_cache_header_and_hash(
    s3_server: S3Server, aws_env: dict[str, str], tmp_path: Path
) -> None:
    site = make_site(tmp_path)
    named = content_named_episode(site.output)  # as the build names them: cached for a year
    name = bucket(s3_server)
    publish(site.output, f"s3://{name}/listen", endpoint_url=s3_server.endpoint_url,
            show_progress=False)
    objects = s3_server.objects(name, "listen/")
    assert set(objects) == set(site.files()) | {MANIFEST_KEY}
    for key, body in site.files().items():
        assert objects[key]["body"] == body
        assert objects[key]["type"] == content_type(key)
        assert len(objects[key]["metadata"]["sha256"]) == 64
    for key, expected in EXPECTED_TYPES.items():
        assert objects[key]["type"] == expected
    for suffix in (".mp3", ".vtt", ".chapters.json", ".txt"):
        assert objects[f"episodes/{named}{suffix}"]["cache"] == IMMUTABLE
    assert objects["episodes/first-light.mp3"]["cache"] == SHORT
    assert objects["feed.xml"]["cache"] == SHORT


def content_named_episode(output: Path) -> str:
    """An episode's files renamed <slug>-<first 8 hex of the MP3's SHA-256>, as the build
    names them; returns that stem."""
    add_episode(output, "named")
    episodes = output / "episodes"
    stem = "named-" + hashlib.sha256((episodes / "named.mp3").read_bytes()).hexdigest()[:8]
    for suffix in (".mp3", ".vtt", ".chapters.json", ".txt"):
        (episodes / f"named{suffix}").rename(episodes / f"{stem}{suffix}")
    return stem


def test_the_server_receives_the_feed_after_every_file_it_names_and_deletions_last(
    s3_server: S3Server, aws_env: dict[str, str], tmp_path: Path
) -> None:
    site = make_site(tmp_path)
    name = bucket(s3_server)
    target = f"s3://{name}/listen"
    s3_server.start_recording()
    publish(site.output, target, endpoint_url=s3_server.endpoint_url, show_progress=False)
    puts = [key for method, key in s3_server.requests(name) if method == "PUT"]
    assert set(puts) == {f"listen/{key}" for key in site.files()} | {f"listen/{MANIFEST_KEY}"}
    feed = puts.index("listen/feed.xml")
    assert all(puts.index(f"listen/{key}") < feed for key in site.files() if key != "feed.xml")
    assert puts[-1] == f"listen/{MANIFEST_KEY}"  # the manifest only once the feed is up

    site.rebuild(site.records[1:])
    s3_server.start_recording()
    publish(site.output, target, endpoint_url=s3_server.endpoint_url, show_progress=False)
    requests = s3_server.requests(name)
    feed_put = requests.index(("PUT", "listen/feed.xml"))
    delete = requests.index(("POST", ""))  # DeleteObjects: POST /bucket?delete
    assert feed_put < delete
    assert [r for r in requests if r[0] in ("PUT", "POST")][-1] == ("PUT",
                                                                   f"listen/{MANIFEST_KEY}")
    assert "first-light/index.html" not in s3_server.objects(name, "listen/")

    s3_server.start_recording()
    publish(site.output, target, endpoint_url=s3_server.endpoint_url, show_progress=False)
    assert [m for m, _ in s3_server.requests(name) if m not in ("GET", "HEAD")] == []


def reader_publish(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return run_reader("publish", *args, cwd=cwd, env={**os.environ, **AWS_ENV, **env})


def test_the_command_publishes_to_the_target_and_endpoint_in_reader_toml(
    s3_server: S3Server, tmp_path: Path
) -> None:
    site = make_site(tmp_path)
    name = bucket(s3_server)
    with open(tmp_path / "reader.toml", "a", encoding="utf-8") as config:
        config.write(f'\n[publish]\nto = "s3://{name}"\nendpoint_url = '
                     f'"{s3_server.endpoint_url}"\n')
    done = reader_publish("output", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (f"published to s3://{name}: uploaded {len(site.files())} "
                                   f"({done.stdout.split('(')[1].split(')')[0]}), "
                                   "unchanged 0, deleted 0")
    assert set(s3_server.objects(name)) == set(site.files()) | {MANIFEST_KEY}


def test_a_missing_bucket_is_one_line_naming_the_file_and_target_exit_2(
    s3_server: S3Server, tmp_path: Path
) -> None:
    make_site(tmp_path)
    done = reader_publish("output", "--to", "s3://no-such-bucket/listen", "--endpoint-url",
                          s3_server.endpoint_url, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: s3://no-such-bucket/listen: ")
    assert "NoSuchBucket" in done.stderr


def test_an_unreachable_endpoint_is_one_line_exit_2(tmp_path: Path) -> None:
    make_site(tmp_path)
    done = reader_publish("output", "--to", "s3://bucket", "--endpoint-url",
                          "http://127.0.0.1:9", cwd=tmp_path, AWS_MAX_ATTEMPTS="1")
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1
    assert "cannot connect to http://127.0.0.1:9" in done.stderr


def test_a_prefix_that_climbs_out_of_the_bucket_is_refused(tmp_path: Path) -> None:
    make_site(tmp_path)
    done = reader_publish("output", "--to", "s3://bucket/listen/../../x", cwd=tmp_path)
    assert done.returncode == 2
    assert "not a plain folder path" in done.stderr
