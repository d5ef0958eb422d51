"""Discovery: which files under an articles folder are articles, as site generators lay
content out (fixtures: tests/fixtures/sites/hugo and tests/fixtures/sites/jekyll)."""

from __future__ import annotations

from pathlib import Path

from reader.discover import discover
from reader.loaders.formats import FORMATS, SUFFIXES, format_for

SITES = Path(__file__).parent / "fixtures" / "sites"


def relatives(root: Path) -> list[str]:
    return [source.relative for source in discover(root)]


def test_hugo_content_is_walked_recursively_skipping_list_pages_and_hidden_files() -> None:
    assert relatives(SITES / "hugo" / "content") == [
        "posts/Quiet Mornings.md",
        "posts/draft-idea.md",
        "posts/json-post.md",
        "posts/later.md",
        "posts/my-trip/index.md",  # the bundle; its notes.md is a resource, not an article
        "posts/old-news.md",
    ]


def test_a_jekyll_site_gives_its_posts_and_drafts_not_its_pages() -> None:
    found = discover(SITES / "jekyll")
    assert [(s.relative, s.in_drafts) for s in found] == [
        ("_drafts/unfinished.md", True),
        ("_posts/2025-03-04-first-light.md", False),
        ("_posts/2025-05-06-Harbour Walls.markdown", False),
    ]


def test_a_home_page_at_the_top_is_not_an_article(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("# Home\n\nWelcome.\n")
    (tmp_path / "post.md").write_text("# Post\n\nWords.\n")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    assert relatives(tmp_path) == ["post.md"]


def test_relative_paths_use_slashes_and_name_the_manifest_entry(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("Deep\n\nWords here.\n")
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "README.md").write_text("# Pkg\n\nNot ours.\n")
    [source] = discover(tmp_path)
    assert source.relative == "a/b/deep.txt"
    assert source.path == tmp_path / "a" / "b" / "deep.txt"


def test_one_registry_of_suffixes_serves_discovery_and_loading(tmp_path: Path) -> None:
    # `reader speak notes.text` worked while `reader build` skipped .text: no longer.
    for fmt in FORMATS:
        for suffix in fmt.suffixes:
            (tmp_path / f"a{suffix.replace('.', '-')}{suffix}").write_text("T\n\nWords.\n")
    assert {Path(s.relative).suffix for s in discover(tmp_path)} == set(SUFFIXES)
    assert ".text" in SUFFIXES
    assert format_for(Path("NOTES.TEXT")) is not None
