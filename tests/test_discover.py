"""Discovery: which files under an articles folder are articles, as site generators lay
content out (fixtures: tests/fixtures/sites/hugo and tests/fixtures/sites/jekyll)."""

from __future__ import annotations

from pathlib import Path

from reader.load.discover import discover
from reader.load.formats import FORMATS, SUFFIXES, input_format
from tests.conftest import run_reader

SITES = Path(__file__).parent / "fixtures" / "sites"


def relatives(root: Path) -> list[str]:
    return [source.relative for source in discover(root)]


def test_hugo_content_is_walked_recursively_skipping_list_pages_and_hidden_files() -> None:
    assert relatives(SITES / "hugo" / "content") == [
        "posts/Quiet Mornings.md",
        "posts/draft-idea.md",
        "posts/json-post.md",
        "posts/later.md",
        "posts/my-trip/index.md",  # the bundle (its view.jpg is no article)
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
    assert input_format(Path("NOTES.TEXT")) is not None


def test_init_from_a_hugo_site_names_its_content_folder_and_address(tmp_path: Path) -> None:
    import shutil

    from reader.config import load_config

    site = tmp_path / "blog"
    shutil.copytree(SITES / "hugo", site)
    result = run_reader("init", site / "reader.toml", "--from", "hugo", check=True)
    assert "for a hugo site: articles from content/posts/" in result.stdout
    text = (site / "reader.toml").read_text(encoding="utf-8")
    assert 'base_url = "https://hugo.example.org/listen/"' in text
    assert 'title = "A Hugo Blog"' in text
    assert '[articles]\nfolder = "content/posts"' in text
    for key, value in (("description", "D."), ("author", "A"), ("email", "a@example.org")):
        text = text.replace(f'{key} = ""', f'{key} = "{value}"', 1)
    (site / "reader.toml").write_text(text, encoding="utf-8")
    assert load_config(site / "reader.toml").articles == site.resolve() / "content" / "posts"


def test_init_detects_jekyll_and_its_baseurl(tmp_path: Path) -> None:
    import shutil

    from reader.config import starter_config
    from reader.sitegen import site_info

    site = tmp_path / "blog"
    shutil.copytree(SITES / "jekyll", site)
    info = site_info(site, None)
    assert info is not None
    assert (info.generator, info.articles, info.base_url) == (
        "jekyll", "_posts", "https://jekyll.example.org/blog/listen/"
    )
    assert '[articles]\nfolder = "_posts"' in starter_config(info)


def test_init_knows_other_generators_by_their_config(tmp_path: Path) -> None:
    from reader.sitegen import site_info

    (tmp_path / "src" / "content" / "blog").mkdir(parents=True)
    (tmp_path / "astro.config.mjs").write_text(
        "export default defineConfig({\n  site: 'https://astro.example.org',\n});\n"
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: Docs\nsite_url: https://docs.example.org/\n")
    astro = site_info(tmp_path, None)  # Astro comes before MkDocs in the registry
    assert astro is not None
    assert (astro.generator, astro.articles, astro.base_url) == (
        "astro", "src/content/blog", "https://astro.example.org/listen/"
    )
    mkdocs = site_info(tmp_path, "mkdocs")
    assert mkdocs is not None
    assert (mkdocs.articles, mkdocs.title, mkdocs.base_url) == (
        "docs", "Docs", "https://docs.example.org/listen/"
    )


def test_init_from_an_unknown_generator_is_one_line_exit_2(tmp_path: Path) -> None:
    result = run_reader("init", "--from", "wix", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: wix: unknown generator; use one of hugo, jekyll, eleventy, astro, pelican, mkdocs"
    ]
    assert not (tmp_path / "reader.toml").exists()
