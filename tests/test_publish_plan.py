"""The publish plan (reader/publish/plan.py): pure, so every rule is checked without I/O."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import UserError
from reader.publish.files import Phase, SiteFile
from reader.publish.plan import DEFAULT_MAX_DELETES, make_plan

KEYS = ["feed.xml", "index.html", "cover.jpg", "first-light/index.html",
        "episodes/first-light.mp3", "episodes/first-light.vtt",
        "episodes/first-light.chapters.json"]


def site(*keys: str, version: str = "1") -> list[SiteFile]:
    return [SiteFile(key=key, path=Path("/site") / key, sha256=f"{key}@{version}", size=10)
            for key in keys]


def test_a_first_publish_sends_media_then_pages_then_the_feed() -> None:
    plan = make_plan(site(*KEYS), None)
    order = [file.key for file in plan.uploads]
    assert order[-1] == "feed.xml"
    phases = [file.phase for file in plan.uploads]
    assert phases == sorted(phases)
    assert {f.key for f in plan.in_phase(Phase.MEDIA)} == {k for k in KEYS if "episodes/" in k}
    assert plan.deletions == ()


def test_unchanged_files_are_not_sent_and_a_second_publish_changes_nothing() -> None:
    files = site(*KEYS)
    first = make_plan(files, None)
    again = make_plan(files, first.manifest())
    assert again.uploads == () and again.deletions == ()
    assert not again.changes_anything
    assert len(again.unchanged) == len(KEYS)


def test_only_files_whose_hash_changed_are_sent() -> None:
    before = make_plan(site(*KEYS), None).manifest()
    edited = site(*KEYS)
    edited[0] = SiteFile("feed.xml", Path("/site/feed.xml"), "feed.xml@2", 10)
    assert [file.key for file in make_plan(edited, before).uploads] == ["feed.xml"]


def test_files_that_left_the_site_are_deleted_and_stay_listed_until_they_are() -> None:
    before = make_plan(site(*KEYS, "episodes/old.mp3", "old/index.html"), None).manifest()
    plan = make_plan(site(*KEYS), before)
    assert plan.deletions == ("episodes/old.mp3", "old/index.html")
    assert "episodes/old.mp3" in plan.manifest(keep=plan.deletions)
    assert "episodes/old.mp3" not in plan.manifest()


def test_files_the_manifest_does_not_name_are_never_deleted() -> None:
    plan = make_plan(site("feed.xml"), {"feed.xml": "feed.xml@1"})
    assert plan.deletions == ()


def test_a_hostile_key_in_the_remote_manifest_is_never_deleted() -> None:
    remote = {"feed.xml": "x", "../../etc/passwd": "x", "/abs": "x", "a/../../b": "x"}
    assert make_plan(site("feed.xml"), remote).deletions == ()


def test_max_deletes_stops_a_mass_delete_before_anything_is_sent() -> None:
    many = [f"episodes/e{index}.mp3" for index in range(10)]
    before = make_plan(site("feed.xml", *many), None).manifest()
    with pytest.raises(UserError, match="would delete 10 files, more than --max-deletes 5"):
        make_plan(site("feed.xml", version="2"), before, max_deletes=5)
    assert len(make_plan(site("feed.xml"), before, max_deletes=10).deletions) == 10
    assert len(make_plan(site("feed.xml"), before, max_deletes=-1).deletions) == 10
    assert DEFAULT_MAX_DELETES == 256  # Hugo's deploy default
