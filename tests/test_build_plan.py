"""The build's plan: a pure function of (old manifest, sources found, settings).

No audio, no files: each test states what is on disk and in the manifest, and what the
build must do about it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from reader.builder.manifest import Entry, Manifest
from reader.builder.plan import BuildSettings, Source, plan_build
from reader.models import Article, ArticleMeta, EpisodeRecord, Script

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
SETTINGS = BuildSettings(audio_fingerprint="audio-1", tags_fingerprint="tags-1", now=NOW)


def record(slug: str) -> EpisodeRecord:
    return EpisodeRecord(
        slug=slug, title=slug.title(), date="2026-05-01", description="", author=None,
        lang="en", explicit=None, audio_file=f"episodes/{slug}-0123abcd.mp3",
        size_bytes=1000, duration_ms=5000, chapters=(),
    )  # fmt: skip


def entry(source: str, slug: str, *, published: bool = True, sha: str = "sha-1") -> Entry:
    return Entry(
        source, sha, "audio-1", slug, record(slug) if published else None, "tags-1"
    )


def manifest(*entries: Entry) -> Manifest:
    return Manifest({e.source: e for e in entries})


def unchanged_source(source: str, sha: str = "sha-1") -> Source:
    """As found on disk when its entry is current: hashed, not loaded."""
    return Source(source, sha, audio_present=True)


def loaded_source(
    source: str, slug: str, *, sha: str = "sha-2", draft: bool = False, **meta: object
) -> Source:
    """As found on disk when it must be looked at: loaded and scripted."""
    article_meta = ArticleMeta(
        slug.title(), slug, dt.date(2026, 5, 1), Path(source), draft=draft, **meta  # type: ignore[arg-type]
    )
    script = None if draft else Script(article_meta, (), (slug.title(),))
    return Source(source, sha, article=Article(article_meta, ()), script=script)


def test_nothing_changed_means_nothing_to_do() -> None:
    old = manifest(entry("a.md", "a"), entry("b.md", "b"))

    plan = plan_build(old, [unchanged_source("a.md"), unchanged_source("b.md")], SETTINGS)

    assert [e.source for e in plan.unchanged] == ["a.md", "b.md"]
    assert not plan.has_work


def test_an_edited_article_is_rebuilt_replacing_its_previous_episode() -> None:
    old = manifest(entry("a.md", "a"), entry("b.md", "b"))

    plan = plan_build(old, [loaded_source("a.md", "a"), unchanged_source("b.md")], SETTINGS)

    (rebuild,) = plan.rebuild
    assert rebuild.source == "a.md" and rebuild.replaces == old.entries["a.md"]
    assert [e.source for e in plan.unchanged] == ["b.md"] and plan.remove == ()


def test_new_audio_settings_rebuild_everything() -> None:
    old = manifest(entry("a.md", "a"))
    settings = replace(SETTINGS, audio_fingerprint="audio-2")

    plan = plan_build(old, [loaded_source("a.md", "a", sha="sha-1")], settings)

    assert [r.source for r in plan.rebuild] == ["a.md"]


def test_a_new_podcast_title_retags_without_rebuilding() -> None:
    old = manifest(entry("a.md", "a"), entry("d.md", "d", published=False))
    settings = replace(SETTINGS, tags_fingerprint="tags-2")

    plan = plan_build(old, [unchanged_source("a.md"), unchanged_source("d.md")], settings)

    assert [e.source for e in plan.retag] == ["a.md"]
    assert [e.source for e in plan.unchanged] == ["d.md"]  # a draft has no tags
    assert plan.rebuild == ()


def test_a_missing_episode_file_is_rebuilt() -> None:
    old = manifest(entry("a.md", "a"))
    gone = replace(loaded_source("a.md", "a", sha="sha-1"), audio_present=False)

    assert [r.source for r in plan_build(old, [gone], SETTINGS).rebuild] == ["a.md"]


def test_a_draft_is_recorded_and_unpublishes_its_episode() -> None:
    old = manifest(entry("a.md", "a"))

    plan = plan_build(old, [loaded_source("a.md", "a", draft=True)], SETTINGS)

    assert [(d.source, d.slug) for d in plan.drafts] == [("a.md", "a")]
    assert plan.remove == (old.entries["a.md"],)


def test_an_article_scheduled_later_or_expired_is_not_published() -> None:
    later = loaded_source("later.md", "later", publish_date=dt.date(2099, 1, 1))
    expired = loaded_source("old.md", "old", expiry_date=dt.date(2001, 1, 1))

    plan = plan_build(Manifest(), [later, expired], SETTINGS)

    assert [d.source for d in plan.drafts] == ["later.md", "old.md"]
    assert plan.drafts[0].schedule == ("2099-01-01T00:00:00+00:00", None)
    assert plan.rebuild == ()


def test_a_removed_article_removes_its_episode() -> None:
    old = manifest(entry("a.md", "a"), entry("b.md", "b"))

    plan = plan_build(old, [unchanged_source("b.md")], SETTINGS)

    assert plan.remove == (old.entries["a.md"],)


def test_a_slug_belongs_to_the_article_that_has_it_then_to_the_first_in_order() -> None:
    old = manifest(entry("b.md", "taken"))
    sources = [
        loaded_source("a.md", "taken"),  # earlier in order, but b.md already publishes it
        unchanged_source("b.md"),
        loaded_source("c.md", "fresh"),
        loaded_source("d.md", "fresh"),  # c.md came first
    ]

    plan = plan_build(old, sources, SETTINGS)

    assert [r.source for r in plan.rebuild] == ["c.md"]
    assert [(f.source, f.keep) for f in plan.failed] == [("a.md", None), ("d.md", None)]
    assert "slug 'taken' is already used by b.md" in plan.failed[0].reason


def test_a_broken_edit_fails_and_keeps_the_last_good_episode() -> None:
    old = manifest(entry("a.md", "a"))
    broken = Source("a.md", "sha-2", error="a.md: front matter is not valid YAML")

    plan = plan_build(old, [broken], SETTINGS)

    (failure,) = plan.failed
    assert failure.keep == old.entries["a.md"] and "YAML" in failure.reason
    assert plan.remove == () and plan.rebuild == ()


def test_the_slug_of_a_broken_article_stays_its_own() -> None:
    old = manifest(entry("a.md", "a"))
    sources = [Source("a.md", None, error="cannot read"), loaded_source("b.md", "a")]

    plan = plan_build(old, sources, SETTINGS)

    assert [f.source for f in plan.failed] == ["a.md", "b.md"] and plan.rebuild == ()


def test_a_new_picture_under_the_same_name_rebuilds_the_episode() -> None:
    old = manifest(replace(entry("a.md", "a"), image_source="a.png", image_sha="img-1"))
    repainted = replace(loaded_source("a.md", "a", sha="sha-1"), image_sha="img-2")
    repainted = replace(repainted, audio_present=True)

    assert [r.source for r in plan_build(old, [repainted], SETTINGS).rebuild] == ["a.md"]
