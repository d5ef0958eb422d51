"""Which files under an articles folder are articles, as static-site generators lay out
content (Hugo, Jekyll, Eleventy, Astro, Pelican, MkDocs).

- Every file whose suffix the input-format registry knows, in every subfolder.
- A page bundle (`posts/my-trip/index.md` with its images) is one article named by its
  folder. Other article files beside an index stay articles: MkDocs and Pelican put
  pages next to a section's index.md, and a file wrongly skipped is a silent loss.
- Names starting with `_` or `.` are not articles: Hugo's `_index.md` list pages, Jekyll's
  `_layouts`, `_includes`, `_site`, editors' `.swp` files. Two exceptions are Jekyll's:
  `_posts` holds articles, and `_drafts` holds drafts (found, never published).
- An `index` file at the top of the folder is the site's home page, not an article.
- A folder holding `_posts` is a Jekyll site: its posts (and drafts) are the articles, its
  other pages (about.md, 404.html) are not.

The result is sorted by relative path, so the build (and who wins a slug) is stable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .formats import input_format
from .meta import BUNDLE_STEMS

POSTS_FOLDER = "_posts"
DRAFTS_FOLDER = "_drafts"
# Installed packages, never content (a site root may be passed as the articles folder).
TOOL_FOLDERS = frozenset({"node_modules"})


@dataclass(frozen=True)
class Source:
    """One article file found under the articles folder."""

    path: Path
    # The path relative to the articles folder, with "/" on every system: the manifest's
    # key and the name used in messages.
    relative: str
    in_drafts: bool = False  # under Jekyll's _drafts: a draft whatever its front matter


def discover(root: Path) -> list[Source]:
    """Every article under `root` (see the module docstring), sorted by relative path."""
    found: list[Source] = []
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        parts = here.relative_to(root).parts
        subfolders[:] = sorted(d for d in subfolders if _is_content_folder(d, depth=len(parts)))
        articles = sorted(f for f in files if _is_article_name(f))
        if POSTS_FOLDER in subfolders:
            subfolders[:] = [d for d in subfolders if d in (POSTS_FOLDER, DRAFTS_FOLDER)]
            articles = []
        if not parts:  # the home page
            articles = [f for f in articles if Path(f).stem.lower() not in BUNDLE_STEMS]
        in_drafts = DRAFTS_FOLDER in parts
        for name in articles:
            relative = PurePosixPath(*parts, name).as_posix()
            found.append(Source(here / name, relative, in_drafts))
    return sorted(found, key=lambda source: source.relative)


def _is_content_folder(name: str, *, depth: int) -> bool:
    if name in (POSTS_FOLDER, DRAFTS_FOLDER):
        return True
    if name.startswith(("_", ".")):
        return False
    return not (depth == 0 and name in TOOL_FOLDERS)


def _is_article_name(name: str) -> bool:
    return not name.startswith(("_", ".")) and input_format(Path(name)) is not None
