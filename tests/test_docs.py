"""The documentation as a newcomer meets it: a README that is a front page, and links that
lead somewhere."""

from __future__ import annotations

import re

from tests.conftest import REPO

PAGES = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_the_readme_is_a_front_page_that_links_the_manual() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    linked = {target for target in _LINK.findall(readme) if target.startswith("docs/")}
    assert len(linked) >= 4, linked
    assert "make demo" in readme and "make test" in readme  # CI runs .ci/run -> make test


def test_every_relative_link_in_the_docs_leads_to_a_file() -> None:
    broken = [
        f"{page.relative_to(REPO)}: {target}"
        for page in PAGES
        for target in _LINK.findall(page.read_text(encoding="utf-8"))
        if "://" not in target and not (page.parent / target).exists()
    ]
    assert broken == []


def test_every_source_path_the_docs_name_exists() -> None:
    """A module moved or renamed takes its mentions in the docs with it."""
    named = re.compile(r"\b(reader/[A-Za-z0-9_./-]*[A-Za-z0-9_/])")
    missing = sorted(
        f"{page.relative_to(REPO)}: {path}"
        for page in PAGES
        for path in set(named.findall(page.read_text(encoding="utf-8")))
        if not (REPO / path).exists()
    )
    assert missing == []
