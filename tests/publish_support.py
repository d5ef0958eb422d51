"""Helpers for the publish tests: a small built site, a real S3-compatible server (moto's
server mode, a separate process on 127.0.0.1), and a view of what each kind of target holds.

The site is made by the site stage from real short MP3 tones (tests/site_support.py): the
publish plan only cares about files, and building it this way takes well under a second.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reader.models import EpisodeRecord
from reader.publish.manifest import MANIFEST_KEY
from reader.site import write_site

from .e2e_support import reserved_port, stop_process, wait_until_answering
from .site_support import add_episode, site_config

SLUGS = ("first-light", "deep-friendships", "quiet-hours")
SIDECARS = (".mp3", ".vtt", ".chapters.json", ".txt")


@dataclass
class Site:
    """A built site in `root/output`, its reader.toml in `root`."""

    root: Path
    records: list[EpisodeRecord]

    @property
    def output(self) -> Path:
        return self.root / "output"

    def rebuild(self, records: Sequence[EpisodeRecord]) -> None:
        """What `reader build` does when articles leave: new feed and pages, old files gone."""
        gone = {record.slug for record in self.records} - {record.slug for record in records}
        self.records = list(records)
        write_site(self.output, site_config(self.root), self.records)
        for slug in gone:
            for suffix in SIDECARS:
                (self.output / "episodes" / f"{slug}{suffix}").unlink()
            shutil.rmtree(self.output / slug)

    def files(self) -> dict[str, bytes]:
        return {
            path.relative_to(self.output).as_posix(): path.read_bytes()
            for path in sorted(self.output.rglob("*"))
            if path.is_file() and not any(
                part.startswith(".") for part in path.relative_to(self.output).parts)
        }


def make_site(root: Path, count: int = 3) -> Site:
    output = root / "output"
    records = [
        add_episode(output, slug, date=f"2024-0{index + 1}-05", seconds=1.0 + index,
                    frequency=330 + 110 * index)
        for index, slug in enumerate(SLUGS[:count])
    ]
    write_site(output, site_config(root), records)
    return Site(root, records)


def many_episodes(site: Site, count: int) -> None:
    """`count` more episodes (hard links of one tone: cheap), and the feed naming them all."""
    extra = [add_episode(site.output, f"extra-{index:03d}", link=True) for index in range(count)]
    site.rebuild([*site.records, *extra])


def folder_files(folder: Path) -> dict[str, bytes]:
    """What a folder target holds, without the publish manifest."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST_KEY
    }


# --- a real S3-compatible server ------------------------------------------------------------

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
}


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    recording: Path  # every request the server answered, one JSON object a line

    def client(self) -> Any:
        import boto3

        return boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing",
            region_name="us-east-1",
        ).client("s3", endpoint_url=self.endpoint_url)

    def new_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def start_recording(self) -> None:
        for action in ("reset-recording", "start-recording"):
            request = urllib.request.Request(
                f"{self.endpoint_url}/moto-api/recorder/{action}", method="POST", data=b"")
            urllib.request.urlopen(request, timeout=10).close()

    def requests(self, bucket: str) -> list[tuple[str, str]]:
        """(method, key) of every request on `bucket` since start_recording, in order."""
        found = []
        for line in self.recording.read_text().splitlines():
            entry = json.loads(line)
            path = entry["url"].split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
            if path.startswith(bucket + "/"):
                found.append((entry["method"], urllib.request.unquote(path[len(bucket) + 1:])))
            elif path.rstrip("/") == bucket:
                found.append((entry["method"], ""))
        return found

    def objects(self, bucket: str, prefix: str = "") -> dict[str, dict[str, Any]]:
        """key (below `prefix`) -> body, content type, cache control, metadata."""
        client = self.client()
        found = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                key = item["Key"]
                got = client.get_object(Bucket=bucket, Key=key)
                found[key[len(prefix):] if prefix else key] = {
                    "body": got["Body"].read(),
                    "type": got.get("ContentType"),
                    "cache": got.get("CacheControl"),
                    "metadata": got.get("Metadata", {}),
                }
        return found


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    """`python -m moto.server` on 127.0.0.1, one per test process, recording requests."""
    pytest.importorskip("moto.server", reason="moto[s3] and Flask are in the test extra")
    folder = tmp_path_factory.mktemp("moto")
    recording = folder / "recording.jsonl"
    recording.touch()
    env = {**os.environ, **AWS_ENV, "MOTO_RECORDER_FILEPATH": str(recording)}
    with reserved_port() as port:
        pass  # moto binds without SO_REUSEADDR: let go of the port before it starts
    log = open(folder / "moto.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(
            endpoint + "/moto-api/", process, folder / "moto.log", 60, name="moto server"
        )
        yield S3Server(endpoint, recording)
    finally:
        stop_process(process, timeout=10)
        log.close()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Credentials the usual AWS way (environment variables), never the user's own."""
    for key, value in AWS_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return AWS_ENV
